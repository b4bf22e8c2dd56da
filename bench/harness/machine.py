"""The "how to reproduce" facts: date, commit, machine, versions."""
import os
import re
import subprocess
from datetime import datetime, timezone

from .stack import ROOT


def _out(*cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (done.stdout or done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def _cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def _memory_gib():
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return f"{kb / 1024 / 1024:.0f} GiB"


def _props_version(name):
    with open(os.path.join(ROOT, "Directory.Packages.props")) as f:
        text = f.read()
    m = re.search(rf"<{name}>([^<]+)</{name}>", text)
    return m.group(1) if m else ""


def describe(versions):
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else ""
    dirty = _out("git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _out("git", "-C", ROOT, "rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if dirty else ""),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": _memory_gib(),
        "os": f"Debian {debian}, Linux {os.uname().release}" if debian else f"Linux {os.uname().release}",
        "dotnet_sdk": _out("dotnet", "--version"),
        "masstransit": _props_version("MassTransitVersion"),
        "rabbitmq": versions.get("rabbitmq", ""),
        "erlang": versions.get("erlang", ""),
        "redis": (re.search(r"v=(\S+)", _out("redis-server", "--version")) or [None, ""])[1],
        "node": _out("node", "--version"),
        "bullmq": versions.get("bullmq", ""),
        "dotnet_peers": ", ".join(f"{k} {versions[k]}" for k in ("hangfire", "workflowcore", "durabletask") if versions.get(k)),
        # The machine may be shared: its load when the report was written says how noisy the figures are.
        "loadavg": " ".join(open("/proc/loadavg").read().split()[:3]),
        "make": _out("make", "--version").splitlines()[0] if _out("make", "--version") else "",
    }
