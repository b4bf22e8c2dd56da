"""Start-up of a fresh `./platform run`: from the moment its arguments are parsed (PLATFORM_STARTUP_TRACE=1
makes the CLI print it) to its first step's start in the run report, one no-op step, embedded, in memory.
Also the whole process: exec → first step.
"""
import json
import os
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timezone

def ts(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def measure(cli, runs):
    parsed_ms, exec_ms, phases = [], [], {}
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "one.yaml")
        with open(path, "w") as fh:
            fh.write("id: one\nsteps:\n  - { id: first, sleep: 0ms }\n")
        env = dict(os.environ, PLATFORM_STARTUP_TRACE="1")
        for _ in range(runs):
            began = time.time()
            done = subprocess.run(cli + ["run", path, "--json", "--store", "memory"], capture_output=True, text=True, env=env, timeout=120)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-800:])
            first = ts(json.loads(done.stdout)["steps"][0]["startedAt"])
            marks = [l[len("platform: "):].rsplit(" at ", 1) for l in done.stderr.splitlines() if l.startswith("platform: ") and " at 20" in l]
            parsed = ts(marks[0][1])
            parsed_ms.append((first - parsed) * 1000)
            for phase, at in marks[1:]:
                phases.setdefault(phase, []).append((ts(at) - parsed) * 1000)
            exec_ms.append((first - began) * 1000)
    return {"runs": runs, "first_step_ms_p50": round(statistics.median(parsed_ms), 2), "first_step_ms_min": round(min(parsed_ms), 2),
            "first_step_ms_max": round(max(parsed_ms), 2), "exec_to_first_step_ms_p50": round(statistics.median(exec_ms), 1),
            "after_parse_ms_p50": {p: round(statistics.median(v), 2) for p, v in phases.items()}, "loadavg": os.getloadavg()}

