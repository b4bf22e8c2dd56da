// BullMQ peer: bench/run's chain and fan-out workloads as flows on a local Redis.
// usage: node run.mjs PORT  → one JSON line per workload on stdout.
// Each job's processor records when it began and ended (epoch ms, sub-ms resolution): the chain's
// gaps, the fan-out's peak in flight and fan-in (last child's end → the parent's start) come from
// those, as Platform's come from the run report's startedAt/finishedAt.
import { FlowProducer, Worker } from "bullmq";

const connection = { host: "127.0.0.1", port: Number(process.argv[2] ?? 6379) };
const now = () => performance.timeOrigin + performance.now();
const pct = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null;
};
const round = (v, d = 3) => (v == null ? null : Number(v.toFixed(d)));

function peakInFlight(intervals) {
  const edges = intervals.flatMap(([s, e]) => [[s, 1], [e, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let peak = 0, current = 0;
  for (const [, d] of edges) { current += d; peak = Math.max(peak, current); }
  return peak;
}

async function measure(name, flow, concurrency, kind) {
  const queueName = `bench-${name}-${Date.now()}`;
  const producer = new FlowProducer({ connection });
  const times = new Map();
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const worker = new Worker(queueName, async (job) => {
    const began = now();
    if (job.data.sleep) await new Promise((r) => setTimeout(r, job.data.sleep));
    times.set(job.name, [began, now()]);
    return null;
  }, { connection, concurrency });
  worker.on("completed", (job) => { if (job.name === "root") resolveDone(); });
  await worker.waitUntilReady();
  const started = now();
  await producer.add(flow(queueName));
  await done;
  const wallMs = now() - started;
  await worker.close();
  await producer.close();

  const result = { workload: name, wall_s: round(wallMs / 1000) };
  if (kind === "chain") {
    const ordered = [...times.values()].sort((a, b) => a[0] - b[0]);
    const gaps = ordered.slice(1).map(([s], i) => s - ordered[i][1]);
    const busy = ordered.reduce((sum, [s, e]) => sum + (e - s), 0);
    Object.assign(result, {
      steps: ordered.length, gap_p50_ms: round(pct(gaps, 0.5), 2), gap_p99_ms: round(pct(gaps, 0.99), 2),
      overhead_mean_ms: round((wallMs - busy) / ordered.length),
    });
  } else {
    const root = times.get("root");
    const children = [...times.entries()].filter(([n]) => n !== "root").map(([, t]) => t);
    const lastEnd = Math.max(...children.map(([, e]) => e));
    Object.assign(result, {
      steps: children.length, steps_per_s: round(children.length / (wallMs / 1000), 1),
      fanin_ms: round(root[0] - lastEnd, 2), peak_in_flight: peakInFlight(children), limit: concurrency,
    });
  }
  return result;
}

const fanout = (n, sleep) => (q) => ({ name: "root", queueName: q, data: {}, children: Array.from({ length: n }, (_, i) => ({ name: `s${i}`, queueName: q, data: { sleep } })) });
function chain(n, sleep) {
  return (q) => {
    let node = { name: "s0", queueName: q, data: { sleep } };
    for (let i = 1; i < n - 1; i++) node = { name: `s${i}`, queueName: q, data: { sleep }, children: [node] };
    return { name: "root", queueName: q, data: { sleep }, children: [node] };
  };
}

const results = [];
results.push(await measure("chain-100-noop", chain(100, 0), 1, "chain"));
const chain10 = await measure("chain-100-10ms", chain(100, 10), 1, "chain");
chain10.efficiency = round(1.0 / chain10.wall_s);
results.push(chain10);
for (const c of [10, 50, 1000]) results.push(await measure(`fanout-1000-noop-c${c}`, fanout(1000, 0), c, "fanout"));
const fan10 = await measure("fanout-1000-10ms-c50", fanout(1000, 10), 50, "fanout");
fan10.efficiency = round(0.2 / fan10.wall_s);
results.push(fan10);
for (const r of results) console.log(JSON.stringify(r));
process.exit(0);
