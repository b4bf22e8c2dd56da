"""bench/run's command line."""
import argparse

SECTIONS = ("floors", "startup", "chain", "fanout", "dag", "race", "shell", "ladder", "memory", "peers", "dotnet", "chart")
MODES = ("embedded", "embedded-sqlite", "served", "served-sqlite", "rabbitmq")


def parse(argv):
    p = argparse.ArgumentParser(prog="bench/run", description="Build, start what is needed, run every workload against "
                                "Platform and its peers, stop everything, write bench/results/latest.{md,json} and "
                                "fanout-timeline.png.")
    p.add_argument("--quick", action="store_true", help="1 run of each workload and a smaller load ladder (a smoke run)")
    p.add_argument("--runs", type=int, default=None, help="runs per figure, the median is reported (default 3; 1 with --quick)")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated subset of: {', '.join(SECTIONS)} (default all)")
    p.add_argument("--modes", default=",".join(MODES), help=f"comma-separated subset of: {', '.join(MODES)} (default all)")
    p.add_argument("--warmups", type=int, default=3,
                   help="unreported passes over the workloads before measuring, for every runtime measured warm: the .NET peers, "
                        "Platform served, the RabbitMQ services (default 3: tiered compilation settles after some 10,000 steps)")
    p.add_argument("--out", default=None, help="folder for latest.md, latest.json and the chart (default bench/results)")
    p.add_argument("--keep-work", action="store_true", help="keep the scratch folder (pipelines, service logs)")
    args = p.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 3)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for s in args.only:
        if s not in SECTIONS:
            p.error(f"--only: unknown section {s!r}")
    for m in args.modes:
        if m not in MODES:
            p.error(f"--modes: unknown mode {m!r}")
    if args.warmups < 0:
        p.error("--warmups must be at least 0")
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args
