#!/usr/bin/env python3
"""Top frames of a dotnet-trace thread-time trace without the frames where a thread waits: an approximation of CPU by frame.

usage: bench/trace_cpu_top.py FILE.nettrace [N]   (needs dotnet-trace: dotnet tool install -g dotnet-trace)
"""
import os
import re
import subprocess
import sys

WAIT = re.compile(r"Wait|Semaphore|Monitor\.|SpinWait|PollGC|SleepInternal|Thread\.Sleep|EventLoop|epoll|Interop\+Sys\.(Read|Poll)|GetGCMemoryInfo|DynamicResolver\.Finalize")
out = subprocess.run([os.path.expanduser("~/.dotnet/tools/dotnet-trace"), "report", sys.argv[1], "topN", "-n", "300"], capture_output=True, text=True).stdout
rows = []
for line in out.splitlines():
    m = re.match(r"\s*\d+\.\s+(.*?)\s+([\d.]+)%\s+([\d.]+)%\s*$", line)
    if m:
        rows.append((m.group(1).strip(), float(m.group(3))))
busy = [(n, e) for n, e in rows if not WAIT.search(n)]
total = sum(e for _, e in busy)
print(f"non-wait share of all samples: {total:.1f}%")
for n, e in sorted(busy, key=lambda x: -x[1])[:int(sys.argv[2]) if len(sys.argv) > 2 else 12]:
    print(f"{100 * e / total:5.1f}%  {n[:90]}")
