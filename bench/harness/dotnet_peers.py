"""The .NET peers (bench/peers/dotnet): Hangfire + Hangfire.InMemory, WorkflowCore, and the DurableTask
in-process test host, each warm in one process, in memory. One JSON line per engine and workload."""
import json
import os
import subprocess

from .metrics import aggregate
from .stack import ROOT

FOLDER = os.path.join(ROOT, "bench", "peers", "dotnet")
PROGRAM = os.path.join(FOLDER, "bin", "Release", "net10.0", "Platform.Bench.Peers.dll")
ENGINES = ("hangfire", "workflowcore", "durabletask")


def build():
    done = subprocess.run(["dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet"], cwd=FOLDER, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dotnet build bench/peers/dotnet failed:\n{done.stdout[-2000:]}")


def run(bench, engine):
    """Every workload of one engine, bench.runs times (a fresh process each): workload → medians.
    The program runs the DurableTask engine in a child process with DOTNET_PROCESSOR_COUNT lifted."""
    samples, version = {}, ""
    for _ in range(bench.runs):
        done = subprocess.run(["dotnet", PROGRAM, "--engine", engine, "--warmups", str(bench.args.warmups)], cwd=FOLDER,
                              capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            raise RuntimeError(f"{engine}: exit {done.returncode}: {done.stderr.strip()[-400:]}")
        for line in filter(str.strip, done.stdout.splitlines()):
            result = json.loads(line)
            result.pop("engine", None)
            version = result.pop("engine_version", version)
            samples.setdefault(result.pop("workload"), []).append(result)
    return version, {name: aggregate(values) for name, values in samples.items()}
