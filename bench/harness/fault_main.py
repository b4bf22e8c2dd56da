"""bench/faults: N trials of each fault against the services as processes on a RabbitMQ node of its
own, counted from side-effect files; writes bench/results/faults.md as trials come in; exits 1 when
any trial lost a step, re-ran one after its success was recorded, hung, or left a process behind."""
import argparse
import os
import shutil
import signal
import sys
import tempfile
import time

from harness.fault_report import Tally, commit, write_report
from harness import fault_stack
from harness.fault_stack import Cluster, Node, build
from harness.fault_trials import Trial

FAULTS = ["cli-kill", "coordinator-kill", "executor-kill", "broker-restart", "rolling-restart"]


def parse(argv):
    p = argparse.ArgumentParser(prog="bench/faults", description="Fault trials; see bench/README.md.")
    p.add_argument("--trials", type=int, default=100, help="trials of each fault (default 100)")
    p.add_argument("--only", default=",".join(FAULTS), help="comma-separated faults: " + ",".join(FAULTS))
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results", "faults.md"))
    p.add_argument("--hang", type=float, default=60.0, help="seconds after the fault before a run counts as hung (default 60)")
    p.add_argument("--node", default="faults-bench@localhost", help="the RabbitMQ node of the trials (started if not running)")
    p.add_argument("--port", type=int, default=5674)
    p.add_argument("--dist-port", type=int, default=0, help="the node's inter-node port (default: --port + 20000)")
    p.add_argument("--config", default="Release", help="the build configuration to run (default Release)")
    p.add_argument("--no-build", action="store_true", help="use the build as it is")
    p.add_argument("--keep-work", action="store_true")
    return p.parse_args(argv)


def run_cli_kill(trial, cluster, node, args):
    store = os.path.join(trial.dir, "embedded.db")
    run_id = trial.marker
    first = trial.cli("run", trial.file, "--json", "--store", store, "--run-id", run_id)
    trial.steps_running()
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    resumed = trial.cli("resume", run_id, "--json", "--store", store)
    trial.follow(resumed, args.hang)


def run_with_cluster(fault):
    def run(trial, cluster, node, args):
        proc = trial.cli("run", trial.file, "--json", "--broker", cluster.url)
        trial.steps_running()
        fault(cluster, node)
        trial.follow(proc, args.hang)
    return run


def kill_coordinator(cluster, node):
    victim = cluster.coordinators[0]
    victim.kill_hard()
    cluster.start_coordinator(0).wait_ready()


def kill_executor(cluster, node):
    cluster.executors[0].kill_hard()
    cluster.start_executor(0).wait_ready()


def restart_broker(cluster, node):
    node.ctl("stop_app", check=True)
    time.sleep(3)  # the outage
    node.ctl("start_app", check=True)


def rolling_restart(cluster, node):
    for i in (0, 1):
        cluster.coordinators[i].stop()
        cluster.start_coordinator(i).wait_ready()


RUNNERS = {
    "cli-kill": run_cli_kill,
    "coordinator-kill": run_with_cluster(kill_coordinator),
    "executor-kill": run_with_cluster(kill_executor),
    "broker-restart": run_with_cluster(restart_broker),
    "rolling-restart": run_with_cluster(rolling_restart),
}


def keep_evidence(trial, work):
    """A trial that went wrong: its files and the services' logs so far, kept for whoever looks into it."""
    kept = os.path.join(tempfile.gettempdir(), "platform-faults-failed", os.path.basename(trial.dir))
    shutil.copytree(trial.dir, kept, dirs_exist_ok=True)
    for log in os.listdir(work):
        if log.endswith(".log"):
            shutil.copy(os.path.join(work, log), kept)


def main(argv):
    args = parse(argv)
    faults = [f for f in args.only.split(",") if f]
    unknown = [f for f in faults if f not in RUNNERS]
    if unknown:
        print(f"bench/faults: unknown faults {unknown}; known: {FAULTS}", file=sys.stderr)
        return 2
    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    fault_stack.configure(args.config)
    if not args.no_build:
        build()
    built_from = commit()  # the build the trials run (with --no-build, whatever was built last: say so)
    work = tempfile.mkdtemp(prefix="platform-faults-")
    node = Node(args.node, args.port, args.dist_port or args.port + 20000)
    tallies = {f: Tally(f) for f in faults}
    started = time.time()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    cluster = None
    try:
        node.start()
        cluster = Cluster(node.vhost("platform-faults"), work)
        cluster.start()
        for number in range(args.trials):
            for fault in faults:
                if stopping:
                    break
                trial = Trial(work, f"{fault}-{number}")
                try:
                    RUNNERS[fault](trial, cluster, node, args)
                    counts = trial.count()
                    if tallies[fault].add(counts, trial):
                        keep_evidence(trial, work)
                except Exception as e:  # a trial that could not be carried out is reported, not counted as passed
                    tallies[fault].failed_to_run(f"{type(e).__name__}: {e}", trial)
                write_report(args.out, tallies, args, time.time() - started, work if args.keep_work else None, built_from)
                print(tallies[fault].line(), flush=True)
    finally:
        if cluster:
            cluster.stop()
        node.stop()
        if not args.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    write_report(args.out, tallies, args, time.time() - started, work if args.keep_work else None, built_from)
    return 0 if all(t.clean() for t in tallies.values()) else 1
