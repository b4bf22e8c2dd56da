"""bench/Platform.LoadTest: floors, the open-loop ladder and memory per active run."""
import json
import os
import subprocess

from . import pipelines
from .stack import ROOT

DLL = os.path.join(ROOT, "bench", "Platform.LoadTest", "bin", "Release", "net10.0", "Platform.LoadTest.dll")


def _lines(bench, args, timeout):
    done = subprocess.run(["dotnet", DLL, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"Platform.LoadTest {args[0]} exit {done.returncode}: {done.stderr.strip()[-600:]}")
    if done.stderr.strip():
        bench.say(f"  ({args[0]}: {done.stderr.strip()[-300:]})")
    return lines


def _pipeline(bench, name, text):
    path = os.path.join(bench.work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def spawn_floor(bench):
    return _lines(bench, ["spawn-floor", "--count", "50" if bench.quick else "500"], 300)


def confirm_floor(bench):
    return _lines(bench, ["confirm-floor", "--broker", bench.broker, "--count", "200" if bench.quick else "1000"], 300)[0]


def ladder(bench, broker=None):
    rates, seconds, drain = ("2,10,50", 3, 15) if bench.quick else ("2,5,10,20,50,100,200", 10, 30)
    args = ["ladder", "--pipeline", _pipeline(bench, "ladder.yaml", pipelines.ladder(5)), "--rates", rates,
            "--seconds", str(seconds), "--drain", str(drain)] + (["--broker", broker] if broker else [])
    return _lines(bench, args, 1500)


def memory(bench, broker=None, pid=None):
    args = ["memory", "--pipeline", _pipeline(bench, "hold.yaml", pipelines.hold()), "--runs", "1000"]
    args += ["--broker", broker, "--pid", str(pid)] if broker else []
    return _lines(bench, args, 600)[0]


def knee(rungs):
    """The first rate whose completions fell behind, or from which latency stays above twice the
    lowest rate's: p50 above 2x, or p99 above 2x at this rate and the next (one slow run among a
    few dozen is an outlier, not a knee)."""
    if not rungs:
        return None
    base50, base99 = rungs[0]["latency_p50_ms"], rungs[0]["latency_p99_ms"]
    for i, rung in enumerate(rungs):
        following = rungs[i + 1] if i + 1 < len(rungs) else None
        p99_high = base99 and rung["latency_p99_ms"] > 2 * base99 and (following is None or following["latency_p99_ms"] > 2 * base99)
        if rung["behind"] or (base50 and rung["latency_p50_ms"] > 2 * base50) or p99_high:
            return rung["rate"]
    return None
    base = rungs[0]["latency_p99_ms"]
    for rung in rungs:
        if rung["behind"] or (base and rung["latency_p99_ms"] > 2 * base):
            return rung["rate"]
    return None
