"""Timestamps of run reports and the statistics every workload uses."""
import math
import re
import statistics
from datetime import datetime, timezone

_ISO = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$")


def ts(text):
    """ISO-8601 UTC ('2026-12-02T10:22:01.123Z', any number of fraction digits) → epoch seconds."""
    m = _ISO.match(text)
    if not m:
        raise ValueError(f"not an ISO-8601 UTC timestamp: {text!r}")
    whole = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    if m.group(3) and m.group(3) != "Z":
        whole = datetime.fromisoformat(m.group(1) + m.group(3))
    fraction = float("0." + m.group(2)) if m.group(2) else 0.0
    return whole.timestamp() + fraction


def pct(values, q):
    """Nearest-rank percentile (q in 0..1); None for no values."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    index = max(0, min(len(values) - 1, math.ceil(round(q * len(values), 9)) - 1))
    return values[index]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def r(value, digits=3):
    return None if value is None else round(value, digits)


def peak_in_flight(intervals, ties_overlap=False):
    """Most intervals open at once. By default an interval ending at the instant another starts does
    not overlap it (a lower bound when times are coarse); ties_overlap=True counts them as overlapping
    (an upper bound: with millisecond times a no-op step starts and ends in the same millisecond)."""
    order = -1 if ties_overlap else 1
    edges = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda x: (x[0], order * x[1]))
    peak = current = 0
    for _, delta in edges:
        current += delta
        peak = max(peak, current)
    return peak
