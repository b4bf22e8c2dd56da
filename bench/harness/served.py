"""Platform warm, in one process, as the .NET peers are measured: a `./platform serve` (the embedded
services behind the HTTP API) is started fresh for each of bench.runs sittings, runs every workload
`--warmups` times unreported (the warm-up, as the peers' Runner does: JIT, tiering and PGO settled for
these very shapes), then each workload once more, measured. Runs are submitted
with POST /api/runs, their end is awaited on /api/runs/{id}/events, and the metrics read from the same
report document `./platform run --json` prints, so every figure is computed as for the other modes."""
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request

from . import metrics, pipelines
from .stack import ROOT
from .timing import ts

STORES = {"served": "memory", "served-sqlite": "sqlite"}


class Server:
    """One `./platform serve --port 0`; stopped (SIGINT, then kill) on exit."""

    def __init__(self, bench, store):
        self.store = os.path.join(bench.work, f"served-{time.time_ns()}.db") if store == "sqlite" else store
        self.process = None
        self.base = self.token = None

    def __enter__(self):
        self.process = subprocess.Popen([os.path.join(ROOT, "platform"), "serve", "--port", "0", "--store", self.store],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline()
        found = re.search(r"(http://\S+?)/\?token=(\S+)", line)
        if not found:
            self.__exit__()
            raise RuntimeError(f"platform serve did not print its URL: {line.strip() or self.process.stderr.read()[-600:]}")
        self.base, self.token = found.group(1), found.group(2)
        return self

    def __exit__(self, *_):
        if self.process and self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _request(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, method=method, headers=headers,
                                         data=None if body is None else json.dumps(body).encode())
        return urllib.request.urlopen(request, timeout=600)

    def run(self, text, timeout=600):
        """Submits the pipeline and returns its report once the run has ended; `_submitted` is when the POST
        began (time.time(), the clock of the report's times)."""
        submitted = time.time()
        with self._request("POST", "/api/runs", {"pipeline": text}) as answer:
            accepted = json.loads(answer.read())
        run_id = accepted.get("runId") or accepted.get("id")
        deadline = time.time() + timeout
        while True:
            try:
                with self._request("GET", f"/api/runs/{run_id}/events") as events:
                    for raw in events:
                        if raw.strip() == b"event: end":
                            break
                        if time.time() > deadline:
                            raise RuntimeError(f"run {run_id} did not end within {timeout} s")
                break
            except urllib.error.HTTPError as e:
                if e.code != 404 or time.time() > deadline:  # 404: accepted, not yet stored
                    raise
                time.sleep(0.01)
        with self._request("GET", f"/api/runs/{run_id}") as answer:
            return {**json.loads(answer.read()), "_submitted": submitted}


def run_mode(bench, mode, workloads, race_once):
    """bench.runs sittings, each a fresh server that runs the wanted workloads `--warmups` times unreported, then
    each once measured; results[mode/workload] = medians over the sittings."""
    from .platform_runs import LABELS
    wanted = {name: spec for name, spec in workloads.items() if bench.wants(name)}
    samples = {name: [] for name in wanted}
    for sitting in range(bench.runs):
        bench.say(f"{LABELS[mode]}: sitting {sitting + 1} of {bench.runs} ({', '.join(wanted)}: "
                  f"{bench.args.warmups} passes to warm up, then each once measured)")
        try:
            with Server(bench, STORES[mode]) as server:
                for _ in range(bench.args.warmups):
                    for text, _measure in wanted.values():
                        race_once(server.run) if text is None else server.run(text)
                for name, (text, measure) in wanted.items():
                    key = f"{mode}/{name}"
                    if key in bench.errors:
                        continue
                    try:
                        if text is None:
                            samples[name].append(race_once(server.run))
                            continue
                        report = server.run(text)
                        # Not in the run's wall (its report's startedAt → finishedAt): the API call and the hop to the saga.
                        submit = (ts(report["startedAt"]) - report["_submitted"]) * 1000
                        samples[name].append({**measure(report), "submit_to_start_ms": round(submit, 2)})
                        if name == "fanout-1000-10ms-c50" and sitting == 0:
                            bench.timelines[mode] = report
                    except Exception as e:
                        bench.errors[key] = str(e)
                        bench.say(f"  {name} failed: {e}")
        except Exception as e:
            bench.errors[f"{mode}/server"] = str(e)
            bench.say(f"  the server failed: {e}")
            break
    for name, values in samples.items():
        if values and f"{mode}/{name}" not in bench.errors:
            bench.results[f"{mode}/{name}"] = metrics.aggregate(values)
