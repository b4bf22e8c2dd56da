"""bench/results/latest.md and latest.json from what bench/run measured."""
import json
import os

from . import loadgen, machine
from .platform_runs import LABELS, MODES

PEERS = {"bullmq-memory": "BullMQ, Redis in memory", "bullmq-aof-always": "BullMQ, Redis appendfsync always",
         "hangfire": "Hangfire + Hangfire.InMemory", "workflowcore": "WorkflowCore, in memory",
         "durabletask": "DurableTask in-process host (cap lifted)"}
# The in-process .NET engines (bench/peers/dotnet): the chain is compared with each of them too.
DOTNET_PEERS = ("hangfire", "workflowcore", "durabletask")
# The durability-matched BullMQ for each Platform mode, against which the fan-out target is judged.
MATCHED_PEER = {"embedded": "bullmq-memory", "embedded-sqlite": "bullmq-aof-always", "served": "bullmq-memory",
                "served-sqlite": "bullmq-aof-always", "rabbitmq": "bullmq-aof-always"}
# A fresh `./platform run` per figure pays its process's first use of what its first steps go through; the .NET peers and BullMQ are
# measured warm (peers: small versions of each workload first, in the same process). The served modes
# are Platform measured the same way; both are judged, each row saying which it is.
COLD = ("a fresh process per run: its first results are the process's first use of MassTransit's pipes, built and their generic "
        "types loaded then (~15 ms before a run's second step can start; the peers are measured warm; see the warm row)")
# The SQLite store adds a commit per batch of results, and in a fresh process the results of no-op children come one at a time.
COLD_SQLITE = COLD + ("; with SQLite, also one commit per result (1,002 appends for 1,000 children, 40–60 µs each in a fresh process; "
                      "see bench/results/perf-profile.md, \"Progress in pieces\")")


def _cold(mode):
    return COLD_SQLITE if mode == "embedded-sqlite" else COLD
CONCURRENCIES = (("10", "c10", "c10"), ("50", "c50", "c50"), ("unlimited", "cunlimited", "c1000"))


def f(value, unit="", digits=None):
    if value is None:
        return "—"
    if digits is not None:
        value = round(value, digits)
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def _get(results, key, field):
    return (results.get(key) or {}).get(field)


def _ratio(a, b):
    return a / b if a is not None and b else None


def _foreach_memory():
    """The last 100,000-step forEach of bench/foreach-memory (its own command, not part of bench/run)."""
    path = os.path.join(os.path.dirname(__file__), "..", "results", "foreach-memory.txt")
    try:
        lines = [l for l in open(path) if "forEach of 100000 steps, store memory" in l]
    except OSError:
        return None
    if not lines:
        return None
    words = lines[-1].split()
    return {"line": lines[-1].strip(), "rss_mb": float(words[words.index("RSS") + 1]), "wall_s": float(words[words.index("MB,") + 1])}


def targets(results):
    """Issue 19's targets, each with pass or miss; a note says what bounds a miss where a floor was measured."""
    rows = []

    def add(target, runtime, measured, goal, ok, note=""):
        verdict = "not measured" if ok is None else ("pass" if ok else "**miss**")
        rows.append({"target": target, "runtime": runtime, "measured": measured, "goal": goal, "result": verdict, "note": note})

    spawn = next((x["median_ms"] for x in results.get("floor/spawn") or [] if x.get("command") == "/bin/true"), None)
    confirm = _get(results, "floor/confirm", "median_ms")
    hangfire = PEERS["hangfire"]
    hf_gap, hf_mean = _get(results, "hangfire/chain-100-noop", "gap_p50_ms"), _get(results, "hangfire/chain-100-noop", "overhead_mean_ms")
    for mode in ("embedded", "served"):
        gap, mean = _get(results, f"{mode}/chain-100-noop", "gap_p50_ms"), _get(results, f"{mode}/chain-100-noop", "overhead_mean_ms")
        add("chain gap p50 ≤ Hangfire's", LABELS[mode], f"{f(gap, ' ms')} vs {f(hf_gap, ' ms')} ({f(_ratio(gap, hf_gap), '×', 2)})",
            f"≤ 1× {hangfire}", None if _ratio(gap, hf_gap) is None else gap <= hf_gap,
            "bound: one saga transaction per result (embedded: ExecuteStep through an in-process mailbox, results through the mediator)"
            + ("; " + COLD if mode == "embedded" else ""))
        submit = _get(results, f"{mode}/chain-100-noop", "submit_to_start_ms")
        before = f"; the POST to the run's start, not in its wall: {f(submit, ' ms')} a run" if submit is not None else ""
        add("chain mean overhead ≤ ½ Hangfire's", LABELS[mode], f"{f(mean, ' ms')} vs {f(hf_mean, ' ms')} ({f(_ratio(mean, hf_mean), '×', 2)}){before}",
            f"≤ ½× {hangfire}", None if _ratio(mean, hf_mean) is None else mean <= hf_mean / 2,
            COLD if mode == "embedded" else "bound: one saga transaction per result, and the run's start (its plan, its first dispatch) spread over 100 steps")
    for mode in ("embedded", "embedded-sqlite", "served", "served-sqlite"):
        for label, ours, theirs in CONCURRENCIES:
            mine = _get(results, f"{mode}/fanout-1000-noop-{ours}", "steps_per_s")
            hf = _get(results, f"hangfire/fanout-1000-noop-{theirs}", "steps_per_s")
            add(f"fan-out 1,000 no-op, c={label}: steps/s ≥ Hangfire's", LABELS[mode], f"{f(mine)} vs {f(hf)} ({f(_ratio(mine, hf), '×', 2)})",
                f"≥ 1× {hangfire} (no fan-in step in its wall)", None if _ratio(mine, hf) is None else mine >= hf,
                _cold(mode) if mode.startswith("embedded") else "bound: a saga transaction per batch of results and the Executor's per-attempt path, on 2 shared cores")
    for mode in MODES:
        peer = MATCHED_PEER[mode]
        factor = 1.0 if mode == "rabbitmq" else 2.0
        for label, ours, theirs in CONCURRENCIES:
            mine = _get(results, f"{mode}/fanout-1000-noop-{ours}", "steps_per_s")
            other = _get(results, f"{peer}/fanout-1000-noop-{theirs}", "steps_per_s")
            ratio = _ratio(mine, other)
            add(f"fan-out 1,000 no-op, c={label}: steps/s vs BullMQ", LABELS[mode], f"{f(mine)} vs {f(other)} ({f(ratio, '×', 2)})",
                f"≥ {factor:g}× {PEERS[peer]}", None if ratio is None else ratio >= factor, _cold(mode) if mode.startswith("embedded") else "")
    for mode in MODES:
        for label, ours, _ in CONCURRENCIES:
            fanin = _get(results, f"{mode}/fanout-1000-noop-{ours}", "fanin_ms")
            add(f"fan-in (last child's end → next step's start), c={label}", LABELS[mode], f(fanin, " ms"), "≤ 2 ms",
                None if fanin is None else fanin <= 2.0,
                "bound: the last result's trip through the Coordinator (one saga transaction; embedded, through the mediator, "
                "behind at most the batch being applied); isolated branches that wrote nothing need no merge, those that wrote one round trip to their Executor")
    make = _get(results, "make/shell-500-j2", "wall_s")
    for mode in MODES:
        wall = _get(results, f"{mode}/shell-500-c2", "wall_s")
        ratio = _ratio(wall, make)
        add("500 shell steps vs make -j2 (wall)", LABELS[mode], f"{f(wall, ' s')} vs {f(make, ' s')} ({f(ratio, '×', 1)})", "≤ 1.5×",
            None if ratio is None else ratio <= 1.5,
            f"floor: one /bin/true spawn {f(spawn, ' ms')} (× 250 per core = {f(spawn and round(spawn * 0.25, 2), ' s')})")
    for mode in ("embedded", "embedded-sqlite"):
        share = _get(results, f"{mode}/shell-500-c2", "measuring_pct_of_cpu")
        add("measuring resource use, 500 shell steps: share of the run's CPU", LABELS[mode],
            f"{f(share, ' %')} ({f(_get(results, f'{mode}/shell-500-c2', 'measuring_us_per_attempt'), ' µs')} an attempt; "
            f"{f(_get(results, f'{mode}/shell-500-c2', 'measuring_pct_of_wall'), ' %')} of the wall, as a bound)", "< 1 %",
            None if share is None else share < 1.0,
            "most of it the kernel's: opening a step's zombie's /proc/PID/io for its exact bytes read and written")
    for mode in MODES:
        eff = _get(results, f"{mode}/chain-100-10ms", "efficiency")
        add("critical-path efficiency, 100 × 10 ms chain", LABELS[mode], f(eff), "≥ 0.95", None if eff is None else eff >= 0.95,
            "bound: one hand-over per step (the no-op chain's gap) plus each 10 ms sleep's timer overshoot")
    for mode in MODES:
        eff = _get(results, f"{mode}/fanout-1000-10ms-c50", "efficiency")
        add("critical-path efficiency, 1,000 × 10 ms fan-out, c=50", LABELS[mode], f(eff), "≥ 0.9", None if eff is None else eff >= 0.9,
            "bound: CPU: 5,000 hand-overs/s needed on 2 shared cores, each a saga transaction (embedded, in process; over RabbitMQ two serialised messages)")
    gap = _get(results, "rabbitmq/chain-100-noop", "gap_p50_ms")
    add("chain gap p50 over RabbitMQ, durable messages", LABELS["rabbitmq"], f(gap, " ms"), "≤ 1.5 ms", None if gap is None else gap <= 1.5,
        f"floor: one persistent publish-confirm {f(confirm, ' ms')}; a hand-over needs two (result, ExecuteStep)")
    big = _foreach_memory()
    add("100,000-step fan-out (forEach), embedded, peak RSS", LABELS["embedded"],
        f"{f(big and big['rss_mb'], ' MB')}, {f(big and big['wall_s'], ' s')}" if big else "—", "< 1 GB (bench/foreach-memory)",
        None if big is None else big["rss_mb"] < 1024, big["line"] if big else "run bench/foreach-memory")
    startup = _get(results, "embedded/startup", "first_step_ms_p50")
    loaded = (_get(results, "embedded/startup", "after_parse_ms_p50") or {}).get("pipeline loaded")
    add("fresh `./platform run`: arguments parsed → first step started", LABELS["embedded"], f(startup, " ms"), "< 20 ms",
        None if startup is None else startup < 20,
        "bound: building the host and starting the bus and hosted services (the phases PLATFORM_STARTUP_TRACE=1 prints)"
        + (f"; floor: loading the one-step pipeline alone, a fresh process's first YAML parse, ends {f(loaded, ' ms')} after the arguments" if loaded else ""))
    return rows


def _peak(m):
    """Peak in flight, as bounds when steps that start and end in one millisecond make it uncertain."""
    peak = f(m.get("peak_in_flight"))
    if m.get("peak_in_flight_upper") not in (None, m.get("peak_in_flight")):
        peak += f"–{f(m.get('peak_in_flight_upper'))}"
    return peak


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _runtimes(results, suffix):
    for mode in MODES:
        if f"{mode}/{suffix}" in results:
            yield LABELS[mode], results[f"{mode}/{suffix}"]


def _peer_rows(results, suffix):
    for key, label in PEERS.items():
        if f"{key}/{suffix}" in results:
            yield label, results[f"{key}/{suffix}"]


def _not_expressible(results):
    """What a .NET peer could not express, once per peer and reason."""
    seen = {}
    for key, m in results.items():
        engine = key.split("/")[0]
        if engine in DOTNET_PEERS and isinstance(m, dict):
            for why in (m.get("why"), m.get("fanin")):
                if why:
                    seen.setdefault((engine, why), []).append(key.split("/", 1)[1])
    if not seen:
        return []
    return ["Not expressible by a peer (not run, or run without that part):", ""] + \
        [f"- {PEERS[engine]}: {', '.join(names)} — {why}" for (engine, why), names in seen.items()] + [""]


def sections(results):
    out = []
    floors = []
    for item in results.get("floor/spawn") or []:
        floors.append((f"spawn and reap `{item['command']}`", f(item["median_ms"], " ms"), f(item["p99_ms"], " ms"), item["count"]))
    if results.get("floor/confirm"):
        c = results["floor/confirm"]
        floors.append(("persistent publish → confirm, durable queue, loopback", f(c["median_ms"], " ms"), f(c["p99_ms"], " ms"), c["count"]))
    out += ["## Floors of this machine", ""] + _table(["floor", "median", "p99", "samples"], floors) + [""]

    rows = []
    for label, noop in list(_runtimes(results, "chain-100-noop")) + list(_peer_rows(results, "chain-100-noop")):
        key = {v: k for k, v in {**LABELS, **PEERS}.items()}[label]
        ten = results.get(f"{key}/chain-100-10ms") or {}
        rows.append((label, f(noop.get("gap_p50_ms"), " ms"), f(noop.get("gap_p99_ms"), " ms"), f(noop.get("overhead_mean_ms"), " ms"),
                     f(ten.get("wall_s"), " s"), f(ten.get("efficiency")), f(ten.get("gap_p50_ms"), " ms")))
    out += ["## 1. Chain: 100 sequential steps", "",
            "Overhead per step = a step's startedAt minus its predecessor's finishedAt (p50, p99); mean = (wall − time inside steps) / steps. "
            "Efficiency = ideal (1.0 s) / wall. BullMQ: a flow of nested children, worker concurrency 1, times taken in its processor.", ""]
    out += _table(["runtime", "no-op: p50", "no-op: p99", "no-op: mean", "10 ms: wall", "10 ms: efficiency", "10 ms: p50 gap"], rows) + [""]

    rows = []
    for name, title in (("fanout-1000-noop-c10", "1,000 no-op, c=10"), ("fanout-1000-noop-c50", "1,000 no-op, c=50"),
                        ("fanout-1000-noop-cunlimited", "1,000 no-op, unlimited"), ("fanout-1000-10ms-c50", "1,000 × 10 ms, c=50")):
        peer_name = name.replace("cunlimited", "c1000")
        for label, m in list(_runtimes(results, name)) + list(_peer_rows(results, peer_name)):
            if m.get("expressible") is False:
                rows.append((label, title, "not expressible", "—", "—", "—", "—"))
                continue
            limit = m.get("limit") or "∞"
            peak = _peak(m)
            fanin = f(m.get("fanin_ms"), " ms") if m.get("fanin_ms") is not None or not m.get("fanin") else "not expressible"
            process = f" (process {f(m['process_s'], ' s')})" if m.get("process_s") is not None else ""
            rows.append((label, title, f(m.get("steps_per_s")), fanin, f"{peak} / {limit}",
                         f(m.get("wall_s"), " s") + process, f(m.get("efficiency"))))
    out += ["## 2. Wide fan-out, then fan-in", "",
            "Steps/s = children / run wall. Fan-in = last child's finishedAt → the next step's startedAt. Peak in flight from the "
            "steps' start/end times vs the declared limit; where an end and a start share a timestamp (BullMQ's are milliseconds) "
            "a range gives the bounds: not overlapping – overlapping. "
            "Efficiency = ideal / wall; ideal for 1,000 × 10 ms at c=50 is 0.2 s. For a fresh `./platform run` the whole "
            "process (exec → exit) follows the run's wall: a new embedded run starts while its bus is still being built, so its "
            "own wall covers part of that start, and the process is what compares across builds. BullMQ: a parent with 1,000 children, worker "
            "concurrency = the limit (1,000 for unlimited); its fan-in is the last child's end → the parent's processor start. "
            "The .NET peers (bench/peers/dotnet) time each step inside its body the same way; where one cannot express a "
            "workload idiomatically it is not run, and the reason is below.", ""]
    out += _table(["runtime", "workload", "steps/s", "fan-in", "peak / limit", "wall", "efficiency"], rows) + [""]
    out += _not_expressible(results)

    rows = [(label, f(m.get("wall_s"), " s"), f(m.get("steps_per_s")), f(m.get("handover_p50_ms"), " ms"), f(m.get("handover_max_ms"), " ms"),
             _peak(m)) for label, m in _runtimes(results, "dag-10x50")]
    out += ["## 3. Layered DAG: 10 layers × 50 no-op steps, each needing the whole previous layer", "",
            "Handover = a layer's last finishedAt → the next layer's first startedAt.", ""]
    out += _table(["runtime", "wall", "steps/s", "handover p50", "handover max", "peak in flight"], rows) + [""]

    rows = [(label, f(m.get("next_step_ms"), " ms"), f(m.get("processes_gone_ms"), " ms"), f"{f(m.get('losers_cancelled'))} / {f(m.get('losers'))}",
             f(m.get("loser_processes_seen"))) for label, m in _runtimes(results, "race-any-10")]
    out += ["## 4. Race: `wait: any` over 10 branches", "",
            "One winner (`run: sleep 0.5`), nine losers running `sleep 30` with a unique marker in their command and environment. "
            "Next step = winner's finishedAt → the following step's startedAt. Processes gone = winner's finishedAt → the first "
            "/proc scan (every 5 ms, same clock) that finds no process carrying the marker.", ""]
    out += _table(["runtime", "winner → next step", "winner → loser processes gone", "losers cancelled", "marked processes seen at once"], rows) + [""]

    make = results.get("make/shell-500-j2") or {}
    bash = next((x for x in results.get("floor/spawn") or [] if x["command"].startswith("bash")), {})
    rows = [(label, f(m.get("wall_s"), " s"), f(m.get("per_step_ms"), " ms"), f(_ratio(m.get("wall_s"), make.get("wall_s")), "×", 1),
             f(_ratio(m.get("per_step_ms"), bash.get("median_ms")), "×", 1)) for label, m in _runtimes(results, "shell-500-c2")]
    if make:
        rows.append(("GNU make -j2", f(make.get("wall_s"), " s"), f(make.get("per_step_ms"), " ms"), "1×",
                     f(_ratio(make.get("per_step_ms"), bash.get("median_ms")), "×", 1)))
    out += ["## 5. Shell steps: 500 × `true`, concurrency 2", "",
            "Per step = wall × 2 / 500, the time one of the two slots spends per command; vs spawn floor = that over the median "
            "spawn-and-reap of `bash --noprofile --norc -c true`. Each step is an isolated branch (a layer of its own, merged at "
            "the fan-in); a standalone Executor (RabbitMQ) does not isolate.", ""]
    out += _table(["runtime", "wall", "per step (per slot)", "vs make -j2", "vs spawn floor"], rows) + [""]
    shared = dict(_runtimes(results, "shell-500-c2-shared"))
    rows = [(label, f(m.get("per_step_ms"), " ms"), f((shared.get(label) or {}).get("per_step_ms"), " ms"),
             f(None if (shared.get(label) or {}).get("per_step_ms") is None or m.get("per_step_ms") is None
               else m["per_step_ms"] - shared[label]["per_step_ms"], " ms")) for label, m in _runtimes(results, "shell-500-c2")]
    out += ["Cost of isolation per branch: the same 500 steps with `isolate: false` (goal: under 2 ms per branch; "
            "`bench/isolation-overhead` measures it alone, alternating, with CPU and step durations).", ""]
    out += _table(["runtime", "isolated, per step", "shared, per step", "isolation per branch"], rows) + [""]

    rows = [(label, f(m.get("measuring_us_per_attempt"), " µs"), f(m.get("measuring_pct_of_cpu"), " %"), f(m.get("measuring_pct_of_wall"), " %"))
            for label, m in _runtimes(results, "shell-500-c2") if m.get("measuring_us_per_attempt") is not None]
    if rows:
        out += ["What measuring each attempt's resource use costs (issue 17; goal: under 1 %): the CPU time the Executor's "
                "threads spent measuring, counted where it is spent (`Executor:CountMeasurementCost`), less the counting's "
                "own clock reads; as a share of the CLI process tree's CPU, and of the run's wall time (a bound: as if "
                "every measuring microsecond delayed the run). `bench/resource-overhead` compares runs with it off.", ""]
        out += _table(["runtime", "per attempt", "of the run's CPU", "of its wall (bound)"], rows) + [""]

    out += ["## 6. Load ladder: a 5-step no-op pipeline submitted open loop at rising rates", "",
            "Each rate runs for a fixed time, submissions on schedule whatever the completions; latency = SubmitRun published → "
            "RunFinished received by the load generator (bench/Platform.LoadTest); achieved = runs finished per second between the "
            "first and the last to finish; behind = achieved < 90 % of the rate or runs unfinished after the drain (the ladder "
            "stops there). Knee = the first rate that fell behind, or from which latency stays above twice the lowest rate's (p50 above 2×, or p99 above 2× at that rate and the next).", ""]
    for mode in ("embedded", "rabbitmq"):
        rungs = results.get(f"{mode}/ladder")
        if not rungs:
            continue
        knee = loadgen.knee(rungs)
        title = "embedded in one process (load generator + the three services, in-memory transport)" if mode == "embedded" else \
            "over RabbitMQ against the started services"
        rows = [(f(x["rate"]), x["submitted"], x["finished"], f(x["latency_p50_ms"], " ms", 1), f(x["latency_p99_ms"], " ms", 1),
                 f(x["latency_max_ms"], " ms", 1), f(x["achieved_per_s"], "", 1), "yes" if x["behind"] else "no") for x in rungs]
        out += [f"**{title}** — knee: {f(knee, ' runs/s') if knee else 'none up to ' + f(rungs[-1]['rate'], ' runs/s')}", ""]
        out += _table(["runs/s", "submitted", "finished", "p50", "p99", "max", "achieved runs/s", "behind"], rows) + [""]

    rows = []
    for mode, holder in (("embedded", "the load generator hosting all three services"), ("rabbitmq", "the Coordinator process")):
        m = results.get(f"{mode}/memory")
        if m:
            rows.append((LABELS[mode], holder, f"{m['idle_rss_kb'] / 1024:.1f} MB", f"{m['loaded_rss_kb'] / 1024:.1f} MB",
                         f"{m['after_cancel_rss_kb'] / 1024:.1f} MB", f"{(m['loaded_rss_kb'] - m['idle_rss_kb']) / 1024:.1f} MB",
                         f(m["per_run_kb"], " KB"), f"{m['started']} / {m['runs']}", f(m["seconds_to_start_all"], " s")))
    out += ["## 7. Memory per active run", "",
            "1,000 runs of a pipeline whose one step sleeps 10 minutes, submitted at once; once every RunStarted arrived, VmRSS "
            "(/proc/PID/status, median of 5 samples) against the idle figure taken after a warm-up of 50 such runs; then all "
            "cancelled. The executor has 64 slots, so 64 steps sleep and the rest wait in its queue.", ""]
    out += _table(["runtime", "holder", "idle", "1,000 in flight", "after cancel", "growth", "per run", "started", "time to start all"], rows) + [""]
    return out


def ratios(results):
    rows = []
    confirm = _get(results, "floor/confirm", "median_ms")
    for mode in MODES:
        peer = MATCHED_PEER[mode]
        mine, theirs = _get(results, f"{mode}/chain-100-noop", "overhead_mean_ms"), _get(results, f"{peer}/chain-100-noop", "overhead_mean_ms")
        rows.append((LABELS[mode], "chain overhead per step (mean)", f(mine, " ms"), f"{PEERS[peer]}: {f(theirs, ' ms')}", f(_ratio(mine, theirs), "×", 2)))
        for label, ours, other in CONCURRENCIES:
            for peer_key, peer_label in PEERS.items():
                mine, theirs = _get(results, f"{mode}/fanout-1000-noop-{ours}", "steps_per_s"), _get(results, f"{peer_key}/fanout-1000-noop-{other}", "steps_per_s")
                rows.append((LABELS[mode], f"fan-out steps/s, concurrency {label}", f(mine), f"{peer_label}: {f(theirs)}", f(_ratio(mine, theirs), "×", 2)))
    for mode in MODES:
        for peer in DOTNET_PEERS:
            for field, what in (("gap_p50_ms", "p50"), ("overhead_mean_ms", "mean")):
                mine, theirs = _get(results, f"{mode}/chain-100-noop", field), _get(results, f"{peer}/chain-100-noop", field)
                rows.append((LABELS[mode], f"chain overhead per step ({what})", f(mine, " ms"), f"{PEERS[peer]}: {f(theirs, ' ms')}",
                             f(_ratio(mine, theirs), "×", 2)))
            for label, ours, other in CONCURRENCIES:
                mine, theirs = _get(results, f"{mode}/fanout-1000-noop-{ours}", "fanin_ms"), _get(results, f"{peer}/fanout-1000-noop-{other}", "fanin_ms")
                rows.append((LABELS[mode], f"fan-in, concurrency {label}", f(mine, " ms"), f"{PEERS[peer]}: {f(theirs, ' ms')}",
                             f(_ratio(mine, theirs), "×", 2)))
            mine, theirs = _get(results, f"{mode}/chain-100-10ms", "efficiency"), _get(results, f"{peer}/chain-100-10ms", "efficiency")
            rows.append((LABELS[mode], "10 ms chain efficiency", f(mine), f"{PEERS[peer]}: {f(theirs)}", f(_ratio(mine, theirs), "×", 2)))
    mine = _get(results, "rabbitmq/chain-100-noop", "overhead_mean_ms")
    rows.append((LABELS["rabbitmq"], "chain overhead per step (mean) vs one publish-confirm", f(mine, " ms"), f"confirm floor: {f(confirm, ' ms')}",
                 f(_ratio(mine, confirm), "×", 1)))
    mine = _get(results, "rabbitmq/chain-100-noop", "gap_p50_ms")
    rows.append((LABELS["rabbitmq"], "chain overhead per step (p50) vs one publish-confirm", f(mine, " ms"), f"confirm floor: {f(confirm, ' ms')}",
                 f(_ratio(mine, confirm), "×", 1)))
    return ["## Ratios to the peers and to the floors", "",
            "Ratio = Platform / reference (for steps/s and efficiency above 1 is better, for times below 1 is better). A "
            "ratio of — means the reference was not measured or not expressible.", ""] + \
        _table(["runtime", "figure", "Platform", "reference", "ratio"], [r for r in rows if r[2] != "—"]) + [""]


def write(bench):
    meta = machine.describe(bench.versions)
    meta.update({"command": "bench/run" + (" --quick" if bench.quick else "") + (f" --runs {bench.runs}" if not bench.quick else ""),
                 "runs_per_figure": bench.runs, "quick": bench.quick, "modes": bench.args.modes, "sections": bench.args.only})
    rows = targets(bench.results)
    knees = {mode: loadgen.knee(bench.results.get(f"{mode}/ladder") or []) for mode in ("embedded", "rabbitmq")}
    md = [f"# Platform benchmark: `{meta['command']}`", "",
          f"Measured {meta['date']} at commit {meta['commit']}; each figure is the median of {bench.runs} run(s)"
          + (" — **a `--quick` smoke run: one run each and a smaller ladder, not the benchmark**." if bench.quick else "."), "",
          "**How to reproduce:** on Debian 12 as root, from a clone of the repository: `bench/run` (`--quick` for a smoke run, "
          "`--runs N` for the median of N). It installs what is missing with apt (rabbitmq-server, redis-server, "
          "python3-matplotlib), builds Release, starts a RabbitMQ node (or reuses a running one; own vhost), two Redis instances "
          "and the three services, and stops them all at the end. See bench/README.md.", ""]
    md += _table(["machine", ""], [("cores (nproc)", meta["nproc"]), ("CPU", meta["cpu"]), ("memory", meta["memory"]), ("OS", meta["os"]),
                                      ("load average (1, 5, 15 min) when written", meta.get("loadavg") or "—")]) + [""]
    md += _table(["software", "version"], [(".NET SDK", meta["dotnet_sdk"]), ("MassTransit", meta["masstransit"]),
                                           ("RabbitMQ / Erlang", f"{meta['rabbitmq'] or '—'} / {meta['erlang'] or '—'}"),
                                           ("Redis", meta["redis"] or "—"), ("Node.js / BullMQ", f"{meta['node']} / {meta['bullmq'] or '—'}"),
                                           (".NET peers", meta.get("dotnet_peers") or "—"),
                                           ("GNU make", meta["make"])]) + [""]
    md += ["Set-up: services started as `dotnet <Release dll>` (Executor `--slots 64`; Coordinator with its default in-memory run "
           "store; MassTransit's durable queues and persistent messages; their logs at the default level, to files). Embedded: "
           "`./platform run FILE --json --store memory`, and `--store <tmp>/runs.db` (SQLite, the CLI's durable default). Run "
           "report times carry microseconds.", ""]
    md += ["## Targets (medians on this machine)", "",
           "Fan-out is judged against the BullMQ of matching durability: in-memory Redis for the in-memory store, `appendfsync "
           "always` for the SQLite store and for RabbitMQ's durable messages; the ratios section has both.", ""]
    md += _table(["target", "runtime", "measured", "goal", "result", "what bounds it"],
                 [(r["target"], r["runtime"], r["measured"], r["goal"], r["result"], r["note"] if "miss" in r["result"] else "") for r in rows])
    md += ["", "Chain overhead is judged on the p50 gap as the issue defines it; the mean beside it counts every step's overhead.", ""]
    md += sections(bench.results)
    md += ratios(bench.results)
    if bench.errors:
        md += ["## Not measured", ""] + [f"- `{k}`: {v.splitlines()[0][:300] if v else ''}" for k, v in bench.errors.items()] + [""]
    if bench.results.get("chart"):
        md += ["## Timeline of one fan-out run", "", "![Gantt of a 1,000 × 10 ms fan-out at concurrency 50](fanout-timeline.png)", ""]
    md_path, json_path = os.path.join(bench.out, "latest.md"), os.path.join(bench.out, "latest.json")
    with open(md_path, "w") as fh:
        fh.write("\n".join(md))
    with open(json_path, "w") as fh:
        json.dump({"meta": meta, "targets": rows, "knees": knees, "results": bench.results, "errors": bench.errors}, fh, indent=2)
        fh.write("\n")
    return md_path, json_path


def targets_table(bench):
    """The targets table, for the terminal."""
    return "\n".join(_table(["target", "runtime", "measured", "goal", "result", "what bounds it"],
                            [(r["target"], r["runtime"], r["measured"], r["goal"], r["result"], r["note"] if "miss" in r["result"] else "")
                             for r in targets(bench.results)]))
