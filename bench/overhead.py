#!/usr/bin/env python3
"""Per-step overhead of a sequential chain: start of step i minus end of step i-1, from the run's JSON report.

usage: bench/overhead.py [--broker URL] [--runs N] FILE...
"""
import json, statistics, subprocess, sys, time
from datetime import datetime

def parse(t):
    return datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()

def measure(file, broker, runs):
    gaps, walls = [], []
    for _ in range(runs):
        cmd = ["./platform", "run", file, "--json"] + (["--broker", broker] if broker else [])
        started = time.time()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        walls.append(time.time() - started)
        report = json.loads(out)
        steps = report["steps"]
        for prev, cur in zip(steps, steps[1:]):
            gaps.append((parse(cur["startedAt"]) - parse(prev["finishedAt"])) * 1000)
        run_wall = (parse(report["finishedAt"]) - parse(report["startedAt"])) * 1000
        busy = sum((parse(s["finishedAt"]) - parse(s["startedAt"])) * 1000 for s in steps)
    gaps.sort()
    p = lambda q: gaps[min(len(gaps) - 1, int(q * len(gaps)))]
    return {"file": file, "mode": "rabbitmq" if broker else "embedded", "steps": len(steps), "runs": runs,
            "gap_p50_ms": round(p(0.5), 2), "gap_p99_ms": round(p(0.99), 2),
            "run_wall_ms": round(run_wall, 1), "step_busy_ms": round(busy, 1),
            "overhead_per_step_ms": round((run_wall - busy) / len(steps), 2)}

args = sys.argv[1:]
broker = None
runs = 3
if "--broker" in args:
    i = args.index("--broker"); broker = args[i + 1]; del args[i:i + 2]
if "--runs" in args:
    i = args.index("--runs"); runs = int(args[i + 1]); del args[i:i + 2]
for f in args:
    print(json.dumps(measure(f, broker, runs)))
