"""The peers: BullMQ flows on a local Redis (bench/peers/bullmq) and GNU make -j2."""
import json
import os
import subprocess
import tempfile
import time

from .metrics import aggregate
from .timing import median
from .stack import ROOT

BULLMQ = os.path.join(ROOT, "bench", "peers", "bullmq")


def npm_install():
    if not os.path.isdir(os.path.join(BULLMQ, "node_modules", "bullmq")):
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BULLMQ, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"npm ci in bench/peers/bullmq failed: {done.stderr.strip()[-400:]}")
    with open(os.path.join(BULLMQ, "node_modules", "bullmq", "package.json")) as f:
        return json.load(f)["version"]


def bullmq(bench, port):
    """Every BullMQ workload bench.runs times against the Redis on `port`: workload → medians."""
    samples = {}
    for _ in range(bench.runs):
        done = subprocess.run(["node", "run.mjs", str(port)], cwd=BULLMQ, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"node run.mjs {port} exit {done.returncode}: {done.stderr.strip()[-400:]}")
        for line in filter(str.strip, done.stdout.splitlines()):
            result = json.loads(line)
            samples.setdefault(result.pop("workload"), []).append(result)
    return {name: aggregate(values) for name, values in samples.items()}


def make_shell(bench, n=500, jobs=2):
    folder = tempfile.mkdtemp(dir=bench.work, prefix="make-")
    targets = " ".join(f"t{i}" for i in range(n))
    with open(os.path.join(folder, "Makefile"), "w") as f:
        f.write(f".PHONY: all {targets}\nall: {targets}\n" + "".join(f"t{i}:\n\t@true\n" for i in range(n)))
    walls = []
    for _ in range(bench.runs):
        started = time.time()
        subprocess.run(["make", "-s", f"-j{jobs}", "-C", folder], check=True)
        walls.append(time.time() - started)
    wall = median(walls)
    return {"steps": n, "wall_s": round(wall, 3), "per_step_ms": round(wall * jobs * 1000 / n, 2), "runs": len(walls)}
