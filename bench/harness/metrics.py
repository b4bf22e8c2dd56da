"""What each workload measures, read from one run report (`./platform run FILE --json`).

Report times are UTC with microseconds; besides single gaps, the mean overhead over a whole run
((wall − time inside steps) / steps) counts every step.
"""
from .timing import median, pct, peak_in_flight, r, ts


class RunFailed(Exception):
    pass


def _steps(report):
    return [s for s in report["steps"] if s.get("startedAt") and s.get("finishedAt")]


def _wall(report):
    return ts(report["finishedAt"]) - ts(report["startedAt"])


def _need(report, status="succeeded"):
    if report.get("status") != status:
        bad = [f"{s['id']}: {s.get('status')} {s.get('reason', '')}".strip() for s in report["steps"] if s.get("status") != "succeeded"][:3]
        raise RunFailed(f"run ended {report.get('status')} ({'; '.join(bad)})")


def chain(report, ideal_s=None):
    """Overhead per step: a step's startedAt minus its predecessor's finishedAt."""
    _need(report)
    steps = report["steps"]
    gaps = [(ts(b["startedAt"]) - ts(a["finishedAt"])) * 1000 for a, b in zip(steps, steps[1:])]
    wall = _wall(report)
    busy = sum(ts(s["finishedAt"]) - ts(s["startedAt"]) for s in steps)
    out = {"steps": len(steps), "wall_s": r(wall), "gap_p50_ms": r(pct(gaps, 0.5), 2), "gap_p99_ms": r(pct(gaps, 0.99), 2),
           "gap_max_ms": r(max(gaps), 2), "overhead_mean_ms": r((wall - busy) * 1000 / len(steps), 3)}
    if ideal_s:
        out["ideal_s"] = ideal_s
        out["efficiency"] = r(ideal_s / wall)
    return out


def fanout(report, limit=None, ideal_s=None):
    """Children of the parallel group, then `after`: throughput, fan-in, peak in flight vs the limit."""
    _need(report)
    # Only the steps: the group's own row ends after its branches' layers are merged, and counting it
    # as a child would hide that merge from the fan-in.
    children = [s for s in _steps(report) if s["id"] != "after" and s.get("kind", "step") == "step"]
    after = next(s for s in report["steps"] if s["id"] == "after")
    wall = _wall(report)
    first_start = min(ts(s["startedAt"]) for s in children)
    last_end = max(ts(s["finishedAt"]) for s in children)
    intervals = [(ts(s["startedAt"]), ts(s["finishedAt"])) for s in children]
    peak = peak_in_flight(intervals)
    out = {"steps": len(children), "wall_s": r(wall), "steps_per_s": r(len(children) / wall, 1),
           "group_s": r(last_end - first_start), "fanin_ms": r((ts(after["startedAt"]) - last_end) * 1000, 2),
           "first_start_ms": r((first_start - ts(report["startedAt"])) * 1000, 2),
           "peak_in_flight": peak, "peak_in_flight_upper": peak_in_flight(intervals, ties_overlap=True),
           "limit": limit, "over_limit": bool(limit and peak > limit)}
    if ideal_s:
        out["ideal_s"] = ideal_s
        out["efficiency"] = r(ideal_s / wall)
    return out


def dag(report, layers, width):
    """Wall and steps/s; a layer's handover = its last finish to the next layer's first start."""
    _need(report)
    steps = _steps(report)
    wall = _wall(report)
    by_layer = [[s for s in steps if s["id"].startswith(f"l{layer:02d}s")] for layer in range(layers)]
    intervals = [(ts(s["startedAt"]), ts(s["finishedAt"])) for s in steps]
    handovers = [(min(ts(s["startedAt"]) for s in b) - max(ts(s["finishedAt"]) for s in a)) * 1000
                 for a, b in zip(by_layer, by_layer[1:])]
    return {"steps": len(steps), "wall_s": r(wall), "steps_per_s": r(len(steps) / wall, 1),
            "handover_p50_ms": r(median(handovers), 2), "handover_max_ms": r(max(handovers), 2),
            "peak_in_flight": peak_in_flight(intervals), "peak_in_flight_upper": peak_in_flight(intervals, ties_overlap=True)}


def race(report, watch):
    """Winner's end → the next step's start; winner's end → the last loser process gone (/proc, same clock)."""
    _need(report)
    by_id = {s["id"]: s for s in report["steps"]}
    winner_end = ts(by_id["winner"]["finishedAt"])
    losers = [s for s in report["steps"] if s["id"].startswith("loser")]
    out = {"next_step_ms": r((ts(by_id["after"]["startedAt"]) - winner_end) * 1000, 2),
           "losers": len(losers), "losers_cancelled": sum(1 for s in losers if s.get("status") == "cancelled"),
           "loser_processes_seen": watch.peak, "wall_s": r(_wall(report))}
    if watch.gone_at is not None and watch.peak:
        out["processes_gone_ms"] = r((watch.gone_at - winner_end) * 1000, 1)
    else:
        out["processes_gone_ms"] = None
    return out


def shell(report, n, concurrency):
    """Wall for n `true` commands; per-step cost = wall × concurrency / n (time one slot spends per step)."""
    _need(report)
    wall = _wall(report)
    return {"steps": n, "wall_s": r(wall), "per_step_ms": r(wall * concurrency * 1000 / n, 2),
            "peak_in_flight": peak_in_flight([(ts(s["startedAt"]), ts(s["finishedAt"])) for s in _steps(report) if s["id"] != "after" and s.get("kind", "step") == "step"])}


def aggregate(samples):
    """Median of each numeric field over the runs; other fields from the first run; `runs` = how many."""
    if not samples:
        return {}
    out = {}
    for key in samples[0]:
        values = [s.get(key) for s in samples]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values if v is not None) and any(v is not None for v in values):
            m = median(values)
            out[key] = r(m, 3) if isinstance(m, float) else m
        elif all(isinstance(v, bool) for v in values):
            out[key] = any(values)
        else:
            out[key] = values[0]
    out["runs"] = len(samples)
    return out
