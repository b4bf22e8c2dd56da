"""One trial of one fault: a pipeline whose steps count their own runs in side-effect files, a fault
injected while its steps run, then the run followed to its end (or called hung after HANG seconds),
and what happened counted from the files, the run's report and /proc."""
import datetime
import json
import os
import random
import subprocess
import time
import uuid

from harness import fault_stack
from harness.fault_stack import ROOT

STEPS = 4


def pipeline(trial_dir, marker):
    def step(sid, seconds):
        script = (f'echo "start $(date +%s%N)" >> {trial_dir}/{sid}; sleep {seconds}; '
                  f'echo "done $(date +%s%N)" >> {trial_dir}/{sid}')
        return f"      - id: {sid}\n        env: {{ FAULT_TRIAL: {marker} }}\n        run: '{script}'\n"
    parallel = "".join(step(f"s{i}", 2).replace("      - ", "          - ", 1).replace("\n        ", "\n            ")
                       for i in range(STEPS))
    return (f"id: fault-trial\nsteps:\n  - parallel:\n      steps:\n{parallel}"
            + step("after", 0.5).replace("      - ", "  - ", 1).replace("\n        ", "\n    "))


def lines(path):
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except OSError:
        return []


def marked_pids(marker):
    """Processes whose environment carries the trial's marker: a step's process tree still alive."""
    found = []
    needle = f"FAULT_TRIAL={marker}".encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def started_steps(trial_dir):
    return [f"s{i}" for i in range(STEPS) if os.path.exists(os.path.join(trial_dir, f"s{i}"))]


def wait_for(condition, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class Trial:
    def __init__(self, work, number):
        self.marker = f"ft{uuid.uuid4().hex[:12]}"
        self.dir = os.path.join(work, f"trial-{number}")
        os.makedirs(self.dir)
        self.file = os.path.join(self.dir, "pipeline.yaml")
        with open(self.file, "w") as f:
            f.write(pipeline(self.dir, self.marker))
        self.report = None
        self.hung = False
        self.cli_log = os.path.join(self.dir, "cli.log")

    def cli(self, *args, env=None):
        out = open(os.path.join(self.dir, "report.json"), "w")
        err = open(self.cli_log, "a")
        return subprocess.Popen(["dotnet", fault_stack.CLI, *args], stdout=out, stderr=err, cwd=ROOT, env=env, start_new_session=True)

    def steps_running(self, timeout=60):
        """Waits until every parallel step has started, then a random moment into their 2 s."""
        ok = wait_for(lambda: len(started_steps(self.dir)) == STEPS, timeout)
        time.sleep(random.uniform(0.1, 1.5))
        return ok

    def follow(self, proc, hang):
        try:
            proc.wait(timeout=hang)
        except subprocess.TimeoutExpired:
            self.hung = True
            proc.kill()
            proc.wait()
            return
        try:
            with open(os.path.join(self.dir, "report.json")) as f:
                self.report = json.load(f)
        except (OSError, ValueError):
            self.report = None

    def count(self):
        """Runs succeeded, steps lost, re-runs after a recorded success, interrupted attempts re-run, orphans."""
        succeeded = bool(self.report) and self.report.get("status") == "succeeded"
        by_id = {s["id"]: s for s in (self.report or {}).get("steps", [])}
        lost = rerun_after_success = interrupted = 0
        for sid in [f"s{i}" for i in range(STEPS)] + ["after"]:
            records = lines(os.path.join(self.dir, sid))
            starts = [int(r[1]) for r in records if r[0] == "start"]
            step = by_id.get(sid)
            if not succeeded or step is None or step.get("status") != "succeeded" or not any(r[0] == "done" for r in records):
                lost += 1
                continue
            # The recorded success: the step's finishedAt in the report (when its result was taken).
            finished_ns = iso_ns(step["finishedAt"])
            after = sum(1 for s in starts if s > finished_ns)
            rerun_after_success += after
            interrupted += max(0, len(starts) - 1 - after)
        orphans = 0 if wait_for(lambda: not marked_pids(self.marker), 5) else len(marked_pids(self.marker))
        return {"succeeded": int(succeeded), "lost": lost, "rerun_after_success": rerun_after_success,
                "interrupted_rerun": interrupted, "hung": int(self.hung), "orphans": orphans}


def iso_ns(text):
    """An ISO 8601 UTC time with up to 7 fraction digits, as nanoseconds since the epoch."""
    base, _, frac = text.replace("Z", "").replace("+00:00", "").partition(".")
    seconds = datetime.datetime.fromisoformat(base).replace(tzinfo=datetime.timezone.utc).timestamp()
    return int(seconds) * 1_000_000_000 + int((frac + "000000000")[:9])
