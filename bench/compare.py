#!/usr/bin/env python3
"""Side-by-side workloads: Platform (embedded; and over RabbitMQ with --broker URL) against GNU make.

usage: bench/compare.py [--broker amqp://guest:guest@localhost:5672/] [--runs N]
Writes bench/results/latest.md and bench/results/latest.json. When node and redis-server are
installed, BullMQ runs the chain and fan-out workloads on a local Redis, in memory and with
appendfsync always (bench/peers/bullmq).
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
broker = args[args.index("--broker") + 1] if "--broker" in args else None
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
work = tempfile.mkdtemp(prefix="platform-bench-")

def ts(t): return datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()

def write(name, text):
    path = os.path.join(work, name)
    open(path, "w").write(text)
    return path

def fanout(n, conc, action):
    c = f"      concurrency: {conc}\n" if conc else ""
    steps = "".join(f"        - {{ id: s{i:04d}, {action} }}\n" for i in range(n))
    return f"id: fanout\nsteps:\n  - parallel:\n{c}      steps:\n{steps}  - {{ id: after, sleep: 0ms }}\n"

def chain(n, action):
    return "id: chain\nsteps:\n" + "".join(f"  - {{ id: s{i:04d}, {action} }}\n" for i in range(n))

def dag(layers, width):
    lines = ["id: layered", "mode: dag", "steps:"]
    for l in range(layers):
        needs = "" if l == 0 else ", needs: [" + ", ".join(f"l{l-1}s{w}" for w in range(width)) + "]"
        lines += [f"  - {{ id: l{l}s{w}, sleep: 0ms{needs} }}" for w in range(width)]
    return "\n".join(lines) + "\n"

def platform(path, mode):
    cmd = [os.path.join(ROOT, "platform"), "run", path, "--json", "--store", "memory"] + (["--broker", broker] if mode == "rabbitmq" else [])
    started = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.time() - started
    report = json.loads(out.stdout)
    return report, elapsed

def metrics(report, limit=None):
    steps = [s for s in report["steps"] if "startedAt" in s]
    wall = ts(report["finishedAt"]) - ts(report["startedAt"])
    edges = sorted([(ts(s["startedAt"]), 1) for s in steps] + [(ts(s["finishedAt"]), -1) for s in steps], key=lambda e: (e[0], e[1]))
    peak = cur = 0
    for _, d in edges:
        cur += d; peak = max(peak, cur)
    return {"wall_s": round(wall, 3), "steps_per_s": round(len(steps) / wall, 1) if wall > 0 else None, "peak_in_flight": peak}

def chain_gaps(report):
    s = report["steps"]
    gaps = sorted((ts(b["startedAt"]) - ts(a["finishedAt"])) * 1000 for a, b in zip(s, s[1:]))
    return round(gaps[len(gaps) // 2], 2), round(gaps[min(len(gaps) - 1, int(0.99 * len(gaps)))], 2)

def best(fn):
    results = [fn() for _ in range(runs)]
    return sorted(results, key=lambda r: r.get("wall_s", 0))[len(results) // 2]

def make_shell(n, jobs):
    d = tempfile.mkdtemp(dir=work)
    targets = " ".join(f"t{i}" for i in range(n))
    open(os.path.join(d, "Makefile"), "w").write(f".PHONY: all {targets}\nall: {targets}\n" + "".join(f"t{i}:\n\t@true\n" for i in range(n)))
    started = time.time()
    subprocess.run(["make", "-s", f"-j{jobs}", "-C", d], check=True)
    return {"wall_s": round(time.time() - started, 3)}

modes = ["embedded"] + (["rabbitmq"] if broker else [])
rows, data = [], {}
subprocess.run([os.path.join(ROOT, "platform"), "validate", write("warm.yaml", chain(1, "sleep: 0ms"))], capture_output=True, cwd=ROOT)
for mode in modes:
    p = write("chain-noop.yaml", chain(100, "sleep: 0ms"))
    r = best(lambda: dict(zip(["gap_p50_ms", "gap_p99_ms"], chain_gaps(platform(p, mode)[0])), wall_s=0))
    rows.append((mode, "chain: 100 no-op steps", f"overhead per step p50 {r['gap_p50_ms']} ms, p99 {r['gap_p99_ms']} ms"))
    data[f"{mode}/chain-noop"] = r
    p = write("chain-10ms.yaml", chain(100, "sleep: 10ms"))
    def chain10():
        rep = platform(p, mode)[0]; m = metrics(rep); m["efficiency"] = round(1.0 / m["wall_s"], 3); return m
    r = best(chain10)
    rows.append((mode, "chain: 100 steps of 10 ms", f"wall {r['wall_s']} s (ideal 1.0 s), efficiency {r['efficiency']}"))
    data[f"{mode}/chain-10ms"] = r
    for conc in (10, 50, None):
        p = write("fan.yaml", fanout(1000, conc, "sleep: 0ms"))
        r = best(lambda: metrics(platform(p, mode)[0]))
        rows.append((mode, f"fan-out: 1000 no-op, concurrency {conc or 'unlimited'}", f"{r['steps_per_s']} steps/s, peak in flight {r['peak_in_flight']}"))
        data[f"{mode}/fanout-noop-{conc or 'unlimited'}"] = r
    p = write("fan10.yaml", fanout(1000, 50, "sleep: 10ms"))
    def fan10():
        m = metrics(platform(p, mode)[0]); m["efficiency"] = round((1000 / 50 * 0.010) / m["wall_s"], 3); return m
    r = best(fan10)
    rows.append((mode, "fan-out: 1000 × 10 ms, concurrency 50", f"wall {r['wall_s']} s (ideal 0.2 s), efficiency {r['efficiency']}"))
    data[f"{mode}/fanout-10ms-50"] = r
    p = write("dag.yaml", dag(10, 50))
    r = best(lambda: metrics(platform(p, mode)[0]))
    rows.append((mode, "layered DAG: 10 × 50 no-op", f"wall {r['wall_s']} s, {r['steps_per_s']} steps/s"))
    data[f"{mode}/dag-10x50"] = r
    p = write("shell.yaml", fanout(500, 2, "run: 'true'"))
    r = best(lambda: metrics(platform(p, mode)[0]))
    data[f"{mode}/shell-500-c2"] = r
    rows.append((mode, "shell: 500 × `true`, concurrency 2", f"wall {r['wall_s']} s"))

def bullmq(durable):
    peer = os.path.join(ROOT, "bench", "peers", "bullmq")
    if not (shutil.which("node") and shutil.which("redis-server")):
        return []
    if not os.path.isdir(os.path.join(peer, "node_modules")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=peer, capture_output=True, check=True)
    port = 6391 if durable else 6390
    data_dir = tempfile.mkdtemp(dir=work)
    extra = ["--appendonly", "yes", "--appendfsync", "always"] if durable else ["--appendonly", "no"]
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--dir", data_dir] + extra, stdout=subprocess.DEVNULL)
    try:
        time.sleep(1)
        out = subprocess.run(["node", "run.mjs", str(port)], cwd=peer, capture_output=True, text=True, check=True).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    finally:
        redis.terminate(); redis.wait()

for durable in (False, True):
    label = "bullmq (redis, appendfsync always)" if durable else "bullmq (redis in memory)"
    for r in bullmq(durable):
        data[f"{label}/{r['workload']}"] = r
        if r["workload"] == "chain-100-noop":
            rows.append((label, "chain: 100 no-op steps", f"overhead per step {round(r['wall_s'] * 1000 / r['steps'], 2)} ms (mean)"))
        elif r["workload"] == "chain-100-10ms":
            rows.append((label, "chain: 100 steps of 10 ms", f"wall {r['wall_s']} s (ideal 1.0 s), efficiency {round(1.0 / r['wall_s'], 3)}"))
        elif r["workload"] == "fanout-1000-10ms-c50":
            rows.append((label, "fan-out: 1000 × 10 ms, concurrency 50", f"wall {r['wall_s']} s (ideal 0.2 s), efficiency {round(0.2 / r['wall_s'], 3)}"))
        else:
            rows.append((label, f"fan-out: 1000 no-op, worker concurrency {r['workload'].split('-c')[-1]}", f"{r['steps_per_s']} steps/s"))

m = best(lambda: make_shell(500, 2))
data["make/shell-500-j2"] = m
rows.append(("make -j2", "shell: 500 × `true`", f"wall {m['wall_s']} s"))
for mode in modes:
    ratio = data[f"{mode}/shell-500-c2"]["wall_s"] / m["wall_s"]
    rows.append((mode, "shell vs make -j2", f"{ratio:.2f}× make's wall time"))

os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
md = ["| runtime | workload | result |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
open(os.path.join(ROOT, "bench", "results", "latest.md"), "w").write(
    f"Measured {datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, median of {runs} runs each.\n\n" + "\n".join(md) + "\n")
json.dump(data, open(os.path.join(ROOT, "bench", "results", "latest.json"), "w"), indent=2)
print("\n".join(md))
shutil.rmtree(work, ignore_errors=True)
