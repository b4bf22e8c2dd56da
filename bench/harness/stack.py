"""What bench/run installs, starts and stops: apt packages, a RabbitMQ node (reused when one is
running) with a vhost of our own, two Redis instances and the three Platform services.
Everything started is registered with `Stack.on_close` and stopped, by process id, in reverse order."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = {"Coordinator": ["--store", "memory"], "Notifier": [], "Executor": ["--slots", "64"]}
QUEUES = {"Coordinator": "run-coordinator", "Notifier": "notifier", "Executor": "execute-step"}

os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"


def pids_named(comm):
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == comm:
                    found.add(int(pid))
        except OSError:
            pass
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def stop_pid(pid, grace=15.0, sig=signal.SIGTERM):
    """SIGTERM, wait up to `grace` s, then SIGKILL: one process, by id."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.time() + grace
    while alive(pid) and time.time() < deadline:
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Stack:
    def __init__(self, work, say):
        self.work = work
        self.say = say
        self._cleanups = []
        self.rabbit_node = None
        self.versions = {}

    def on_close(self, what, fn):
        self._cleanups.append((what, fn))

    def close(self):
        while self._cleanups:
            what, fn = self._cleanups.pop()
            try:
                self.say(f"stopping {what}")
                fn()
            except Exception as e:  # keep stopping the rest
                self.say(f"could not stop {what}: {e}")

    def log(self, name):
        return open(os.path.join(self.work, name + ".log"), "ab")

    # ---- packages -------------------------------------------------------------------------
    def ensure_packages(self, wanted):
        """wanted: [(package, is_installed)]. apt-get installs the missing ones, with a policy-rc.d
        that keeps their init scripts from starting daemons we would not know about."""
        missing = [pkg for pkg, present in wanted if not present()]
        if not missing:
            return
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise RuntimeError(f"missing {', '.join(missing)} and not root with apt-get to install them")
        self.say(f"installing {' '.join(missing)} with apt-get…")
        policy = "/usr/sbin/policy-rc.d"
        created = not os.path.exists(policy)
        if created:
            with open(policy, "w") as f:
                f.write("#!/bin/sh\n# bench/run: no daemon starts during its apt-get install\nexit 101\n")
            os.chmod(policy, 0o755)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
            if subprocess.run(install, env=env, capture_output=True).returncode != 0:
                subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
                done = subprocess.run(install, env=env, capture_output=True, text=True)
                if done.returncode != 0:
                    raise RuntimeError(f"apt-get install {' '.join(missing)} failed: {done.stderr[-500:]}")
        finally:
            if created:
                os.remove(policy)
        still = [pkg for pkg, present in wanted if not present()]
        if still:
            raise RuntimeError(f"still missing after apt-get: {', '.join(still)}")

    # ---- RabbitMQ -------------------------------------------------------------------------
    def rabbitmqctl(self, *args, check=True, timeout=120):
        node = ["-n", self.rabbit_node] if self.rabbit_node else []
        done = subprocess.run(["rabbitmqctl", "-q", *node, *args], capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {(done.stderr or done.stdout).strip()[-400:]}")
        return done

    def _answers(self, node):
        self.rabbit_node = node
        try:
            return self.rabbitmqctl("status", check=False, timeout=60).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    def rabbitmq(self, vhost="platform-bench"):
        """The AMQP URL of a vhost of our own on the local node, which is started if none runs."""
        # rabbitmqctl itself starts epmd when none runs: one that appears from here on is ours to stop, last.
        epmd_before = pids_named("epmd")
        self.on_close("the epmd that rabbitmqctl started", lambda: [stop_pid(pid) for pid in pids_named("epmd") - epmd_before])
        if self._answers("rabbit@localhost") or (port_open(5672) and self._answers(None)):
            self.say("RabbitMQ: reusing the running node")
        elif port_open(5672):
            raise RuntimeError("something answers on port 5672 but rabbitmqctl cannot reach it")
        else:
            self._start_rabbitmq()
        self.versions["rabbitmq"] = self.rabbitmqctl("version", check=False).stdout.strip()
        otp = self.rabbitmqctl("eval", "erlang:system_info(otp_release).", check=False).stdout.strip().strip('"')
        self.versions["erlang"] = f"OTP {otp}" if otp else ""
        self.rabbitmqctl("delete_vhost", vhost, check=False)  # left over by an interrupted run
        self.rabbitmqctl("add_vhost", vhost)
        self.on_close(f"RabbitMQ vhost {vhost}", lambda: self.rabbitmqctl("delete_vhost", vhost))
        self.rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        return f"amqp://guest:guest@localhost:5672/{vhost}"

    def _start_rabbitmq(self):
        self.say("RabbitMQ: starting a node (rabbit@localhost)…")
        beam_before = pids_named("beam.smp")
        env = dict(os.environ, RABBITMQ_NODENAME="rabbit@localhost")
        subprocess.run(["rabbitmq-server", "-detached"], env=env, stdout=self.log("rabbitmq"), stderr=subprocess.STDOUT)
        for _ in range(90):
            if self._answers("rabbit@localhost"):
                break
            time.sleep(1)
        else:
            raise RuntimeError("rabbitmq-server did not start in 90 s")
        beams = pids_named("beam.smp") - beam_before

        def stop():
            self.rabbitmqctl("stop", check=False)
            for pid in beams:
                stop_pid(pid, grace=30)
        self.on_close("the RabbitMQ node we started", stop)

    def rabbit_queues(self, vhost):
        out = self.rabbitmqctl("list_queues", "-p", vhost, "name", "consumers", check=False).stdout
        return {p[0]: int(p[1]) for p in (line.split("\t") for line in out.splitlines()) if len(p) == 2 and p[1].isdigit()}

    # ---- Redis ----------------------------------------------------------------------------
    def redis(self, durable, first_port=6390):
        port = next(p for p in range(first_port, first_port + 100) if port_free(p))
        data = tempfile.mkdtemp(dir=self.work, prefix="redis-")
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if durable else ["--appendonly", "no"]
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", data,
                                 "--daemonize", "no", *persistence],
                                stdout=self.log(f"redis-{port}"), stderr=subprocess.STDOUT)
        self.on_close(f"redis-server on port {port}", lambda: (stop_pid(proc.pid), proc.wait()))
        for _ in range(100):
            if self._redis_ping(port):
                return port
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"redis-server on port {port} did not answer (see {data}/../redis-{port}.log)")

    @staticmethod
    def _redis_ping(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    # ---- the services ---------------------------------------------------------------------
    def services(self, url, vhost="platform-bench"):
        """Coordinator, Notifier and Executor (--slots 64) from their Release builds, on `url`.
        Returns {name: pid} once each one's queue has a consumer."""
        # The Coordinator signs its commands; Executors run only what carries this key's signature.
        env = dict(os.environ, RABBITMQ_URL=url, PLATFORM_SIGNING_KEY=os.environ.get("PLATFORM_SIGNING_KEY") or secrets.token_hex(32))
        procs = {}
        for name, args in SERVICES.items():
            dll = os.path.join(ROOT, "services", name, "bin", "Release", "net10.0", f"Platform.{name}.dll")
            procs[name] = subprocess.Popen(["dotnet", dll, *args], cwd=ROOT, env=env, stdout=self.log(name.lower()),
                                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

        def stop():
            for proc in procs.values():  # all at once asked, then each waited for
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs.values():
                stop_pid(proc.pid, grace=20)
                proc.wait()
        self.on_close("the Platform services", stop)
        deadline = time.time() + 90
        while time.time() < deadline:
            dead = [n for n, p in procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} exited at start (logs in {self.work})")
            queues = self.rabbit_queues(vhost)
            if all(queues.get(q, 0) > 0 for q in QUEUES.values()):
                return {n: p.pid for n, p in procs.items()}
            time.sleep(1)
        raise RuntimeError(f"the services' queues have no consumers after 90 s (logs in {self.work})")
