#!/usr/bin/python3
"""Gantt chart of fan-out runs: one bar per step from its startedAt to its finishedAt, one panel per
runtime, on a shared time axis from the run's start. Run with the system python (matplotlib from apt):
    /usr/bin/python3 bench/harness/chart.py TIMELINES.json OUT.png
TIMELINES.json: [{"mode": LABEL, "report": <platform run --json report>}, ...]"""
import json
import sys
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def ts(text):
    text = text.rstrip("Z")
    whole, _, fraction = text.partition(".")
    base = datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
    return base + (float("0." + fraction) if fraction else 0.0)


def main(source, target):
    with open(source) as f:
        panels = json.load(f)
    longest = max((ts(p["report"]["finishedAt"]) - ts(p["report"]["startedAt"])) * 1000 for p in panels)
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 3.2 * len(panels)), sharex=True, squeeze=False)
    for ax, panel in zip(axes[:, 0], panels):
        report = panel["report"]
        origin = ts(report["startedAt"])
        wall = (ts(report["finishedAt"]) - origin) * 1000
        steps = [s for s in report["steps"] if s.get("startedAt") and s.get("finishedAt")]
        for row, step in enumerate(steps):
            start = (ts(step["startedAt"]) - origin) * 1000
            width = max((ts(step["finishedAt"]) - origin) * 1000 - start, 0.3)
            ax.barh(row, width, left=start, height=1.0, color="tab:blue", linewidth=0)
            if step["id"] == "after":
                ax.axvline(start, color="tab:orange", linewidth=1.0)
        ax.axvline(wall, color="grey", linestyle="--", linewidth=0.8)
        ax.set_xlim(0, longest * 1.02)
        ax.set_ylim(len(steps), -1)
        ax.set_ylabel("step (pipeline order)")
        # Steps in flight over time, on a second axis: the declared limit is 50.
        edges = sorted([((ts(s["startedAt"]) - origin) * 1000, 1) for s in steps] +
                       [((ts(s["finishedAt"]) - origin) * 1000, -1) for s in steps], key=lambda e: (e[0], e[1]))
        xs, ys, current = [0.0], [0], 0
        for x, delta in edges:
            current += delta
            xs.append(x)
            ys.append(current)
        twin = ax.twinx()
        twin.step(xs, ys, where="post", color="tab:green", linewidth=0.8)
        twin.axhline(50, color="tab:green", linestyle=":", linewidth=0.8)
        twin.set_ylim(0, 60)
        twin.set_ylabel("in flight (green)", color="tab:green")
        ax.set_title(f"{panel['mode']}: {len(steps) - 1} × sleep 10 ms, concurrency 50, then one step — wall {wall:.0f} ms (ideal 200 ms)",
                     fontsize=10)
    axes[-1, 0].set_xlabel("ms since the run started — a bar per step, startedAt → finishedAt; orange: the step after the group starts; dashed: the run ends")
    fig.tight_layout()
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
