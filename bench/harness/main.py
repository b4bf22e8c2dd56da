"""bench/run: the order of things. Each part that fails is recorded and the others go on; whatever
was started is stopped in the end, and the report is written with what was measured."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from . import dotnet_peers, loadgen, options, peers, platform_runs, report, startup
from .stack import ROOT, Stack

SYSTEM_PYTHON = "/usr/bin/python3"


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.runs = args.runs
        self.work = tempfile.mkdtemp(prefix="platform-bench-")
        self.out = os.path.abspath(args.out or os.path.join(ROOT, "bench", "results"))
        self.results, self.errors, self.timelines, self.versions = {}, {}, {}, {}
        self.broker = None
        self.began = time.time()

    def say(self, message):
        print(f"[{time.time() - self.began:6.1f}s] {message}", file=sys.stderr, flush=True)

    def wants(self, name):
        return name.split("-")[0] in self.args.only

    def part(self, key, fn):
        try:
            return fn()
        except Exception as e:
            self.errors[key] = str(e)
            self.say(f"{key} failed: {e}")
            return None


def _has(cmd):
    return lambda: shutil.which(cmd) is not None


def _has_matplotlib():
    return os.path.exists(SYSTEM_PYTHON) and subprocess.run([SYSTEM_PYTHON, "-c", "import matplotlib"], capture_output=True).returncode == 0


def provision(bench, stack):
    wanted = [("make", _has("make"))]
    if "rabbitmq" in bench.args.modes or "floors" in bench.args.only:
        wanted.append(("rabbitmq-server", _has("rabbitmq-server")))
    if "peers" in bench.args.only:
        wanted += [("redis-server", _has("redis-server")), ("nodejs", _has("node")), ("npm", _has("npm"))]
    if "chart" in bench.args.only:
        wanted.append(("python3-matplotlib", _has_matplotlib))
    stack.ensure_packages(wanted)


def build(bench):
    bench.say("building Release: bench/Platform.LoadTest (and the three services it references), the CLI…")
    done = subprocess.run(["dotnet", "build", os.path.join(ROOT, "bench", "Platform.LoadTest", "Platform.LoadTest.csproj"),
                           "-c", "Release", "-nologo", "-v", "quiet"], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"dotnet build failed:\n{done.stdout[-2000:]}")
    warm = os.path.join(bench.work, "validate.yaml")
    with open(warm, "w") as f:
        f.write("id: warm\nsteps:\n  - { id: a, sleep: 0ms }\n")
    done = subprocess.run([os.path.join(ROOT, "platform"), "validate", warm], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"./platform (CLI build) failed: {done.stderr[-2000:]}")


def embedded_parts(bench):
    for mode in ("embedded", "embedded-sqlite", "served", "served-sqlite"):
        if mode in bench.args.modes:
            platform_runs.run_mode(bench, mode)
    if "embedded" in bench.args.modes:
        if "startup" in bench.args.only:
            bench.say("embedded: start-up of a fresh ./platform run (arguments parsed → first step)")
            bench.results["embedded/startup"] = bench.part("embedded/startup", lambda: startup.measure([os.path.join(ROOT, "platform")], max(5, bench.runs)))
        if "memory" in bench.args.only:
            bench.say("embedded: memory per active run (1,000 runs in flight)")
            bench.results["embedded/memory"] = bench.part("embedded/memory", lambda: loadgen.memory(bench))
        if "ladder" in bench.args.only:
            bench.say("embedded: load ladder")
            bench.results["embedded/ladder"] = bench.part("embedded/ladder", lambda: loadgen.ladder(bench))


def rabbitmq_parts(bench, stack):
    needs_services = "rabbitmq" in bench.args.modes and any(s in bench.args.only for s in ("chain", "fanout", "dag", "race", "shell", "ladder", "memory"))
    if not needs_services and "floors" not in bench.args.only:
        return
    bench.broker = stack.rabbitmq()
    if "floors" in bench.args.only:
        bench.say("floor: persistent publish-confirm round trip")
        bench.results["floor/confirm"] = bench.part("floor/confirm", lambda: loadgen.confirm_floor(bench))
    if not needs_services:
        return
    bench.say("starting the Coordinator, Notifier and Executor (--slots 64) on RabbitMQ…")
    pids = stack.services(bench.broker)
    if "memory" in bench.args.only:  # first, on fresh services
        bench.say("rabbitmq: memory per active run (1,000 runs in flight, the Coordinator's VmRSS)")
        bench.results["rabbitmq/memory"] = bench.part("rabbitmq/memory", lambda: loadgen.memory(bench, bench.broker, pids["Coordinator"]))
    platform_runs.run_mode(bench, "rabbitmq")
    if "ladder" in bench.args.only:
        bench.say("rabbitmq: load ladder")
        bench.results["rabbitmq/ladder"] = bench.part("rabbitmq/ladder", lambda: loadgen.ladder(bench, bench.broker))


def peer_parts(bench, stack):
    if "shell" in bench.args.only or "peers" in bench.args.only:
        bench.say("peer: make -j2, 500 × true")
        bench.results["make/shell-500-j2"] = bench.part("make/shell-500-j2", lambda: peers.make_shell(bench))
    if "peers" in bench.args.only or "dotnet" in bench.args.only:
        dotnet_parts(bench)
    if "peers" not in bench.args.only:
        return
    bench.versions["bullmq"] = peers.npm_install()
    for durable in (False, True):
        label = "bullmq-aof-always" if durable else "bullmq-memory"
        port = stack.redis(durable)
        bench.say(f"peer: BullMQ on redis :{port} ({'appendfsync always' if durable else 'in memory'})")
        for name, result in (bench.part(label, lambda: peers.bullmq(bench, port)) or {}).items():
            bench.results[f"{label}/{name}"] = result


def dotnet_parts(bench):
    bench.say("peer: building bench/peers/dotnet (Release)")
    if bench.part("dotnet-peers/build", dotnet_peers.build) is None and "dotnet-peers/build" in bench.errors:
        return
    for engine in dotnet_peers.ENGINES:
        bench.say(f"peer: {engine} (in process, in memory)")
        version, results = bench.part(engine, lambda: dotnet_peers.run(bench, engine)) or ("", {})
        bench.versions[engine] = version
        for name, result in results.items():
            bench.results[f"{engine}/{name}"] = result


def chart(bench):
    if not bench.timelines:
        raise RuntimeError("no fan-out run report to draw (the fan-out workload did not run)")
    source = os.path.join(bench.work, "timelines.json")
    with open(source, "w") as f:
        json.dump([{"mode": platform_runs.LABELS[m], "report": rep} for m, rep in bench.timelines.items()], f)
    target = os.path.join(bench.out, "fanout-timeline.png")
    done = subprocess.run([SYSTEM_PYTHON, os.path.join(ROOT, "bench", "harness", "chart.py"), source, target],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"chart: {done.stderr.strip()[-600:]}")
    return target


def _interrupt(*_):
    raise KeyboardInterrupt  # SIGTERM stops the bench as Ctrl-C does: through the cleanups


def main(argv):
    args = options.parse(argv)
    bench = Bench(args)
    os.makedirs(bench.out, exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    stacks = []

    def new_stack():
        stacks.append(Stack(bench.work, bench.say))
        return stacks[-1]

    try:
        provision(bench, new_stack())
        build(bench)
        if "floors" in args.only:
            bench.say("floor: process spawn")
            bench.results["floor/spawn"] = bench.part("floor/spawn", lambda: loadgen.spawn_floor(bench))
        embedded_parts(bench)
        rabbit = new_stack()
        bench.part("rabbitmq", lambda: rabbitmq_parts(bench, rabbit))
        rabbit.close()  # the peers run with the broker and services stopped
        bench.versions.update(rabbit.versions)
        redis = new_stack()
        bench.part("peers", lambda: peer_parts(bench, redis))
        redis.close()
        if "chart" in args.only:
            bench.say("chart: fan-out timeline")
            bench.results["chart"] = bench.part("chart", lambda: chart(bench))
    except KeyboardInterrupt:
        bench.errors["interrupted"] = "bench/run was interrupted; the figures are partial"
    except Exception as e:
        bench.errors["fatal"] = str(e)
        bench.say(f"stopped: {e}")
    finally:
        for stack in reversed(stacks):
            stack.close()
    md, js = report.write(bench)
    print(report.targets_table(bench), flush=True)
    bench.say(f"wrote {md} and {js} in {time.time() - bench.began:.0f} s")
    if args.keep_work:
        bench.say(f"scratch folder kept: {bench.work}")
    else:
        shutil.rmtree(bench.work, ignore_errors=True)
    return 1 if "fatal" in bench.errors or "interrupted" in bench.errors else 0
