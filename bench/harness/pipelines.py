"""The workloads as pipeline YAML (docs/pipelines.md), written into the run's scratch folder."""


def chain(n, action):
    return "id: chain\nsteps:\n" + "".join(f"  - {{ id: s{i:04d}, {action} }}\n" for i in range(n))


def fanout(n, concurrency, action, isolate=True):
    """n children in one parallel group (concurrency None = unlimited), then one step: `after`.
    isolate=False shares the directory between the children instead of a layer each."""
    limit = (f"      concurrency: {concurrency}\n" if concurrency else "") + ("" if isolate else "      isolate: false\n")
    children = "".join(f"        - {{ id: c{i:04d}, {action} }}\n" for i in range(n))
    return f"id: fanout\nsteps:\n  - parallel:\n{limit}      steps:\n{children}  - {{ id: after, sleep: 0ms }}\n"


def dag(layers, width):
    """`layers` layers of `width` no-op steps; each step needs every step of the layer before."""
    lines = ["id: layered", "mode: dag", "steps:"]
    for layer in range(layers):
        needs = "" if layer == 0 else ", needs: [" + ", ".join(f"l{layer - 1:02d}s{w:03d}" for w in range(width)) + "]"
        lines += [f"  - {{ id: l{layer:02d}s{w:03d}, sleep: 0ms{needs} }}" for w in range(width)]
    return "\n".join(lines) + "\n"


def race(marker, losers, loser_seconds, winner="sleep 0.5"):
    """wait: any over one short winner and `losers` long shell commands carrying `marker` in their
    environment (every process of theirs inherits it, so /proc finds them) and in their command."""
    branches = [f"        - {{ id: winner, run: '{winner}' }}\n"]
    branches += [f"        - {{ id: loser{i}, run: 'sleep {loser_seconds} # {marker}', env: {{ BENCH_RACE_MARKER: '{marker}' }} }}\n"
                 for i in range(1, losers + 1)]
    return ("id: race\nsteps:\n  - parallel:\n      wait: any\n      steps:\n" + "".join(branches)
            + "  - { id: after, sleep: 0ms }\n")


def ladder(steps=5):
    """The load ladder's pipeline: a short sequence of no-op steps."""
    return "id: ladder\nsteps:\n" + "".join(f"  - {{ id: s{i}, sleep: 0ms }}\n" for i in range(1, steps + 1))


def hold(minutes=10):
    """One step that sleeps long: a run that stays in flight until cancelled."""
    return f"id: hold\ntimeout: {minutes + 5}m\nsteps:\n  - {{ id: hold, sleep: {minutes}m }}\n"
