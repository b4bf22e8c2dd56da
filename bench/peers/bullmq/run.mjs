// BullMQ peer: the fan-out and chain workloads of bench/compare.py on a local Redis.
// usage: node run.mjs PORT  → one JSON line per workload on stdout.
import { FlowProducer, Worker } from "bullmq";

const connection = { host: "127.0.0.1", port: Number(process.argv[2] ?? 6379) };

async function measure(name, flow, concurrency, steps) {
  const queueName = `bench-${name}-${Date.now()}`;
  const producer = new FlowProducer({ connection });
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const worker = new Worker(queueName, async (job) => {
    if (job.data.sleep) await new Promise((r) => setTimeout(r, job.data.sleep));
    return null;
  }, { connection, concurrency });
  worker.on("completed", (job) => { if (job.name === "root") resolveDone(); });
  await worker.waitUntilReady();
  const started = performance.now();
  await producer.add(flow(queueName));
  await done;
  const wall = (performance.now() - started) / 1000;
  await worker.close();
  await producer.close();
  return { workload: name, steps, wall_s: Number(wall.toFixed(3)), steps_per_s: Number((steps / wall).toFixed(1)) };
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
results.push(await measure("chain-100-noop", chain(100, 0), 1, 100));
results.push(await measure("chain-100-10ms", chain(100, 10), 1, 100));
for (const c of [10, 50, 1000]) results.push(await measure(`fanout-1000-noop-c${c}`, fanout(1000, 0), c, 1001));
results.push(await measure("fanout-1000-10ms-c50", fanout(1000, 10), 50, 1001));
for (const r of results) console.log(JSON.stringify(r));
process.exit(0);
