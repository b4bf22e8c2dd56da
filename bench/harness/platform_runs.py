"""Workloads 1–5 through `./platform run FILE --json`, in one mode: embedded with --store memory,
embedded with the durable SQLite store, or over RabbitMQ with --broker (services already running);
or, warm in one process as the .NET peers are, through a `./platform serve` (served.py)."""
import json
import os
import re
import resource
import subprocess
import time
import uuid

from . import metrics, pipelines, served
from .procwatch import MarkerWatch
from .stack import ROOT

MODES = ("embedded", "embedded-sqlite", "served", "served-sqlite", "rabbitmq")
LABELS = {"embedded": "Platform embedded (--store memory)", "embedded-sqlite": "Platform embedded (SQLite store)",
          "served": "Platform embedded, warm (serve --store memory)", "served-sqlite": "Platform embedded, warm (serve, SQLite store)",
          "rabbitmq": "Platform over RabbitMQ"}


def mode_args(bench, mode):
    if mode == "embedded":
        return ["--store", "memory"]
    if mode == "embedded-sqlite":
        return ["--store", os.path.join(bench.work, "runs.db")]
    return ["--broker", bench.broker]


# What the Executor spent measuring resource use (Executor:CountMeasurementCost), less the counting's own clock reads.
MEASURING = re.compile(r"resource measurement cost ([0-9.]+) ms of CPU over ([0-9]+) attempts .*, ([0-9.]+) ms of it reading the clock")


def _tree_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(bench, mode, path, timeout=600, env=None):
    cmd = [os.path.join(ROOT, "platform"), "run", path, "--json", *mode_args(bench, mode)]
    started, cpu = time.time(), _tree_cpu()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env=None if env is None else {**os.environ, **env})
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"platform run {os.path.basename(path)} exit {done.returncode}: {done.stderr.strip()[-600:]}")
    report = json.loads(done.stdout)
    report["_process_s"] = round(time.time() - started, 3)
    report["_cpu_s"] = _tree_cpu() - cpu  # the CLI's whole process tree: its steps' commands too
    if counted := MEASURING.search(done.stderr):
        report["_measuring"] = ((float(counted.group(1)) - float(counted.group(3))) / 1e3, int(counted.group(2)))
    return report


def _measuring(report):
    """The shell workload's measuring cost: per attempt, and as a share of the run's CPU and of its wall time."""
    if "_measuring" not in report:
        return {}
    spent, attempts = report["_measuring"]
    wall = metrics.ts(report["finishedAt"]) - metrics.ts(report["startedAt"])
    return {"measuring_us_per_attempt": round(spent * 1e6 / max(attempts, 1), 1),
            "measuring_pct_of_cpu": round(spent * 100 / report["_cpu_s"], 3) if report["_cpu_s"] > 0 else None,
            "measuring_pct_of_wall": round(spent * 100 / wall, 3) if wall else None}


def _write(bench, name, text):
    path = os.path.join(bench.work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def _race_once(run):
    """run(pipeline text) → its report."""
    marker = f"bench-race-{uuid.uuid4().hex}"
    watch = MarkerWatch(marker)
    watch.start()
    try:
        report = run(pipelines.race(marker, losers=9, loser_seconds=30))
    finally:
        watch.stop()
    return metrics.race(report, watch)


def workloads(bench):
    """name → (pipeline text, metric function of a report)."""
    fan = {}
    for conc in (10, 50, None):
        fan[f"fanout-1000-noop-c{conc or 'unlimited'}"] = (pipelines.fanout(1000, conc, "sleep: 0ms"),
                                                            lambda rep, c=conc: metrics.fanout(rep, limit=c))
    return {
        "chain-100-noop": (pipelines.chain(100, "sleep: 0ms"), metrics.chain),
        "chain-100-10ms": (pipelines.chain(100, "sleep: 10ms"), lambda rep: metrics.chain(rep, ideal_s=1.0)),
        **fan,
        "fanout-1000-10ms-c50": (pipelines.fanout(1000, 50, "sleep: 10ms"), lambda rep: metrics.fanout(rep, limit=50, ideal_s=0.2)),
        "dag-10x50": (pipelines.dag(10, 50), lambda rep: metrics.dag(rep, 10, 50)),
        "race-any-10": (None, None),
        "shell-500-c2": (pipelines.fanout(500, 2, "run: 'true'"), lambda rep: metrics.shell(rep, 500, 2)),
        # The same branches sharing the directory: the difference is what isolating each branch costs.
        "shell-500-c2-shared": (pipelines.fanout(500, 2, "run: 'true'", isolate=False), lambda rep: metrics.shell(rep, 500, 2)),
    }


def run_mode(bench, mode):
    """Every workload `bench.runs` times; results[mode/workload] = medians. A failing workload is
    recorded in bench.errors and the others go on."""
    if mode in served.STORES:
        served.run_mode(bench, mode, workloads(bench), _race_once)
        return
    warm = _write(bench, "warm.yaml", pipelines.chain(3, "sleep: 0ms"))
    cli_run(bench, mode, warm)  # first use: JIT, SQLite file, queues
    for name, (text, measure) in workloads(bench).items():
        key = f"{mode}/{name}"
        if not bench.wants(name):
            continue
        bench.say(f"{LABELS[mode]}: {name}")
        try:
            samples = []
            if mode == "rabbitmq" and text is not None:
                # The services are long-lived, as deployed: warm for this workload's shape, as the peers are.
                for _ in range(bench.args.warmups):
                    cli_run(bench, mode, _write(bench, f"{name}.yaml", text))
            for i in range(bench.runs):
                if text is None:
                    samples.append(_race_once(lambda race: cli_run(bench, mode, _write(bench, "race.yaml", race))))
                    continue
                # Embedded, the shell workload also counts what measuring each attempt's resource use costs (issue 17).
                counting = name == "shell-500-c2" and mode != "rabbitmq"
                report = cli_run(bench, mode, _write(bench, f"{name}.yaml", text),
                                 env={"PLATFORM_Executor__CountMeasurementCost": "true"} if counting else None)
                samples.append({**measure(report), **_measuring(report), "process_s": report["_process_s"]})
                if name == "fanout-1000-10ms-c50" and i == 0:
                    bench.timelines[mode] = report
            bench.results[key] = metrics.aggregate(samples)
        except Exception as e:
            bench.errors[key] = str(e)
            bench.say(f"  failed: {e}")
