#!/usr/bin/env python3
"""Start-up of a fresh `./platform run` (bench/harness/startup.py): arguments parsed → first step, and the phases between.

usage: bench/startup.py [--runs N] [--cli COMMAND]   (default ./platform from the repository root)
"""
import json
import os
import subprocess
import sys

from harness.startup import measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if __name__ == "__main__":
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 10
    cli = args[args.index("--cli") + 1].split() if "--cli" in args else [os.path.join(ROOT, "platform")]
    subprocess.run(cli + ["--version"], capture_output=True)  # builds the CLI first if its sources changed
    print(json.dumps(measure(cli, runs)))
