"""What bench/faults starts and stops: a RabbitMQ node of its own (never the node other work uses),
two Coordinators on one SQLite store, two Executors, and embedded CLIs. Everything by process id."""
import os
import secrets
import signal
import subprocess
import time

from harness.stack import alive, port_free, stop_pid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFIG = "Release"


def dll(project_dir, assembly):
    return os.path.join(ROOT, project_dir, "bin", CONFIG, "net10.0", assembly + ".dll")


COORDINATOR = EXECUTOR = CLI = ""


def configure(config):
    """Which build the trials run: Release by default; the test suite's short version runs its Debug build."""
    global CONFIG, COORDINATOR, EXECUTOR, CLI
    CONFIG = config
    COORDINATOR = dll("services/Coordinator", "Platform.Coordinator")
    EXECUTOR = dll("services/Executor", "Platform.Executor")
    CLI = dll("cli/Platform.Cli", "platform")


configure(CONFIG)


def build():
    for project in ("services/Coordinator", "services/Executor", "cli/Platform.Cli"):
        subprocess.run(["dotnet", "build", "-c", CONFIG, "-nologo", "-v", "q", os.path.join(ROOT, project)],
                       check=True, stdout=subprocess.DEVNULL)


class Node:
    """A RabbitMQ node of the trials' own: stop_app/start_app here disturbs nobody else."""

    def __init__(self, name, port, dist_port):
        self.name, self.port, self.dist_port = name, port, dist_port
        self.started = False

    def ctl(self, *args, check=False):
        result = subprocess.run(["rabbitmqctl", "-q", "-n", self.name, *args], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {result.stderr.strip()}")
        return result

    def start(self):
        if self.ctl("status").returncode == 0:
            return
        if not port_free(self.port):
            raise RuntimeError(f"port {self.port} is taken by something that is not node {self.name}")
        env = dict(os.environ, RABBITMQ_NODENAME=self.name, RABBITMQ_NODE_PORT=str(self.port),
                   RABBITMQ_DIST_PORT=str(self.dist_port))
        subprocess.run(["rabbitmq-server", "-detached"], env=env, check=True, capture_output=True)
        self.started = True
        self.wait_up()

    def wait_up(self, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.ctl("await_startup").returncode == 0 and self.ctl("status").returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError(f"node {self.name} did not start")

    def vhost(self, name):
        self.ctl("delete_vhost", name)
        self.ctl("add_vhost", name, check=True)
        self.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*", check=True)
        return f"amqp://guest:guest@localhost:{self.port}/{name}"

    def stop(self):
        if self.started:
            self.ctl("stop")


class Service:
    """One service process, its output in a log file; ready when it logs that its bus started."""

    def __init__(self, name, dll_path, args, env, log_dir):
        self.name = name
        self.log = os.path.join(log_dir, f"{name}.log")
        self._out = open(self.log, "a")
        self.proc = subprocess.Popen(["dotnet", dll_path, *args], env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                     cwd=ROOT, start_new_session=True)

    @property
    def pid(self):
        return self.proc.pid

    def wait_ready(self, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log}")
            with open(self.log) as f:
                if "Bus started" in f.read():
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready in {timeout}s: see {self.log}")

    def kill_hard(self):
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, grace=30.0):
        if self.proc.poll() is None:
            stop_pid(self.pid, grace=grace)
        self.proc.wait()
        self._out.close()


class Cluster:
    """Two Coordinators on one SQLite store and two Executors, on `url`."""

    def __init__(self, url, work, lease="00:00:05", heartbeat="00:00:01"):
        self.url, self.work = url, work
        self.store = os.path.join(work, "runs.db")
        # One signing key for every process of the stack: Executors refuse commands signed with another.
        self.env = dict(os.environ, RABBITMQ_URL=url, MASSTRANSIT_USAGE_TELEMETRY="false",
                        PLATFORM_SIGNING_KEY=os.environ.get("PLATFORM_SIGNING_KEY") or secrets.token_hex(32),
                        Logging__Console__FormatterName="simple",
                        Coordinator__AttemptLease=lease, Coordinator__RunLease=lease, Executor__HeartbeatInterval=heartbeat)
        self.coordinators = [None, None]
        self.executors = [None, None]
        self._generation = 0

    def start_coordinator(self, i):
        self._generation += 1
        self.coordinators[i] = Service(f"coordinator-{i + 1}.{self._generation}", COORDINATOR, ["--store", self.store], self.env, self.work)
        return self.coordinators[i]

    def start_executor(self, i):
        self._generation += 1
        env = dict(self.env, EXECUTOR_NAME=f"executor-{i + 1}")
        self.executors[i] = Service(f"executor-{i + 1}.{self._generation}", EXECUTOR, ["--slots", "4"], env, self.work)
        return self.executors[i]

    def start(self):
        started = [self.start_coordinator(0), self.start_coordinator(1), self.start_executor(0), self.start_executor(1)]
        for service in started:
            service.wait_ready()

    def services(self):
        return [s for s in self.coordinators + self.executors if s is not None]

    def stop(self):
        for service in self.services():
            service.stop()

    def pids(self):
        return {s.pid for s in self.services() if alive(s.pid)}
