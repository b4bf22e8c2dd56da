"""The counts of bench/faults and bench/results/faults.md."""
import datetime
import os
import subprocess
import tempfile

COLUMNS = ["succeeded", "lost", "rerun_after_success", "interrupted_rerun", "hung", "orphans"]


class Tally:
    def __init__(self, fault):
        self.fault = fault
        self.trials = 0
        self.totals = dict.fromkeys(COLUMNS, 0)
        self.not_run = []
        self.bad = []

    def add(self, counts, trial):
        self.trials += 1
        for key in COLUMNS:
            self.totals[key] += counts[key]
        wrong = bool(counts["lost"] or counts["rerun_after_success"] or counts["hung"] or counts["orphans"] or not counts["succeeded"])
        if wrong:
            self.bad.append(f"{os.path.basename(trial.dir)}: {counts}")
        return wrong

    def failed_to_run(self, error, trial):
        self.not_run.append(f"{os.path.basename(trial.dir)}: {error}")

    def clean(self):
        t = self.totals
        return not self.not_run and t["lost"] == 0 and t["rerun_after_success"] == 0 and t["hung"] == 0 and t["orphans"] == 0 \
            and t["succeeded"] == self.trials

    def line(self):
        t = self.totals
        return (f"{self.fault}: {self.trials} trials, {t['succeeded']} succeeded, {t['lost']} lost, "
                f"{t['rerun_after_success']} re-run after success, {t['interrupted_rerun']} interrupted re-run, "
                f"{t['hung']} hung, {t['orphans']} orphans, {len(self.not_run)} not carried out")


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def write_report(path, tallies, args, elapsed, work, built_from):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = [
        "# Fault trials (`bench/faults`)",
        "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, built from commit {built_from}, {os.cpu_count()} cores, "
        f"{elapsed / 60:.1f} min so far; asked for {args.trials} trials of each fault; hung = no end {args.hang:.0f} s after the fault.",
        "Each trial: 4 parallel steps of 2 s then one of 0.5 s, over RabbitMQ against two Coordinators (one SQLite store) and two",
        "Executors (attempt and run leases 5 s, heartbeat 1 s), the fault injected while the parallel steps run; `cli-kill` is the embedded CLI",
        "killed with -9 then `platform resume`. Every step appends `start`/`done` lines to its own file: a start after the step's",
        "recorded `finishedAt` is a re-run after a recorded success; any other extra start is an interrupted attempt run again.",
        "",
        "| fault | trials | runs succeeded | steps lost | re-run after a recorded success | interrupted attempts re-run | hung runs | orphan processes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in tallies.values():
        c = t.totals
        out.append(f"| {t.fault} | {t.trials} | {c['succeeded']} | {c['lost']} | {c['rerun_after_success']} | {c['interrupted_rerun']} "
                   f"| {c['hung']} | {c['orphans']} |")
    problems = [(t.fault, line) for t in tallies.values() for line in t.bad + [f"not carried out: {n}" for n in t.not_run]]
    kept = os.path.join(tempfile.gettempdir(), "platform-faults-failed")
    if problems:
        out += ["", "## Trials that went wrong", "", f"Their files and the services' logs: `{kept}/`.", ""]
        out += [f"- {fault}: {line}" for fault, line in problems[:50]]
    if work:
        out += ["", f"Scratch folder kept: `{work}`"]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
