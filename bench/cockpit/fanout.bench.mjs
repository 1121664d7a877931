// Fan-out benchmark: N WebSocket clients subscribed to one busy plan through the real
// cockpit-gateway (events written to the plan's Redis stream by EventStreamWriter, read by the
// gateway's shared XREAD reader), against a bare `ws` broadcast server (bare-broadcast.mjs) to the
// same number of clients, in the same run. Every client checks it got every event exactly once, by
// seq; delivery latency = receive time - the writer's send time (same process, same clock).
// Run after the build: node bench/cockpit/fanout.bench.mjs
// Knobs: BENCH_CLIENTS (1000), BENCH_EVENTS (450), BENCH_RATE events/s (30), BENCH_ROUNDS (5), REDIS_URL.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventStreamWriter } from '@maker/service-kit';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 450);
const RATE = Number(process.env.BENCH_RATE ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The first events warm up connections and JIT: checked for seq, not counted in latency. */
const WARMUP = Math.min(20, Math.floor(EVENTS / 10));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function startProcess(script, env) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n')) {
        try {
          const parsed = JSON.parse(line);
          if (typeof parsed.port === 'number' && String(parsed.msg).endsWith('listening')) {
            child.removeAllListeners('exit');
            child.stdout.removeAllListeners('data');
            child.stdout.resume();
            resolve({ child, port: parsed.port });
          }
        } catch {}
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** One client: checks seqs are 1..EVENTS with nothing missing, repeated or out of order. */
function connectClients(url, planId, onReady) {
  const latencies = new Float64Array(CLIENTS * EVENTS);
  let samples = 0;
  const state = { nextSeq: [], problems: 0, received: 0 };
  const sockets = [];
  let ready = 0;
  for (let i = 0; i < CLIENTS; i++) {
    state.nextSeq.push(1);
    const socket = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(socket);
    socket.on('open', () => {
      if (planId) socket.send(JSON.stringify({ type: 'subscribe', plan_id: planId, after: 0 }));
      else if (++ready === CLIENTS) onReady();
    });
    socket.on('message', (data) => {
      const message = JSON.parse(data);
      if (message.type === 'live') {
        if (++ready === CLIENTS) onReady();
        return;
      }
      if (message.type !== 'event') return;
      const now = performance.timeOrigin + performance.now();
      const { seq, details } = message.event;
      if (seq !== state.nextSeq[i]) state.problems++;
      state.nextSeq[i] = seq + 1;
      state.received++;
      if (seq > WARMUP) latencies[samples++] = now - details.data.sent_at;
    });
  }
  return {
    state,
    latencies: () => latencies.subarray(0, samples),
    close: () => {
      for (const socket of sockets) socket.terminate();
    },
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function drive(name, url, planId, send) {
  let clients;
  await new Promise((resolve) => {
    clients = connectClients(url, planId, resolve);
  });
  const started = performance.now();
  for (let seq = 1; seq <= EVENTS; seq++) {
    const due = started + ((seq - 1) * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await send(seq);
  }
  const deadline = Date.now() + 60_000;
  while (clients.state.received < CLIENTS * EVENTS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(clients.latencies()).sort();
  const complete = clients.state.nextSeq.filter((next) => next === EVENTS + 1).length;
  clients.close();
  const result = {
    name,
    delivered: clients.state.received,
    expected: CLIENTS * EVENTS,
    clientsComplete: complete,
    orderProblems: clients.state.problems,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    messagesPerSecond: clients.state.received / elapsed,
  };
  console.log(JSON.stringify(result));
  return result;
}

const event = (planId, seq) => ({
  event: 'log',
  plan_id: planId,
  task_id: 'task-1',
  timestamp: new Date().toISOString(),
  seq,
  details: { message: `line ${seq}`, data: { sent_at: performance.timeOrigin + performance.now() } },
});

async function bare() {
  const { child, port } = await startProcess(join(here, 'bare-broadcast.mjs'), {});
  const control = new WebSocket(`ws://127.0.0.1:${port}/?role=control`);
  await new Promise((resolve) => control.once('open', resolve));
  try {
    return await drive('bare ws broadcast', `ws://127.0.0.1:${port}/`, undefined, (seq) =>
      control.send(JSON.stringify(event('bare', seq))),
    );
  } finally {
    control.close();
    await stop(child);
  }
}

async function gateway() {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const planId = 'busy-plan';
  const { child, port } = await startProcess(join(root, 'apps/cockpit-gateway/dist/main.js'), {
    PORT: '0',
    MAKER_PREFIX: prefix,
    REDIS_URL,
    LOG_LEVEL: 'info',
  });
  const redis = new Redis(REDIS_URL);
  const writer = new EventStreamWriter(redis, prefix);
  try {
    return await drive('cockpit-gateway', `ws://127.0.0.1:${port}/v1/ws`, planId, (seq) =>
      writer.append({
        event: 'log',
        plan_id: planId,
        task_id: 'task-1',
        message: `line ${seq}`,
        data: { sent_at: performance.timeOrigin + performance.now() },
      }),
    );
  } finally {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await stop(child);
  }
}

const loadBefore = loadavg()[0];
const rounds = [];
for (let round = 0; round < ROUNDS; round++)
  rounds.push({ baseline: await bare(), measured: await gateway() });
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const cells = (r, round) => [
  String(round + 1),
  r.name,
  `${r.delivered.toLocaleString('en')} / ${r.expected.toLocaleString('en')}`,
  String(r.clientsComplete),
  String(r.orderProblems),
  fmt(r.p50),
  fmt(r.p99),
  fmt(r.max),
  Math.round(r.messagesPerSecond).toLocaleString('en'),
];
/** A Markdown table with padded columns, as the repository's formatter writes them. */
function markdownTable(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = (key) => median(rounds.map((r) => r.measured[key] / r.baseline[key])).toFixed(2);
const report = `# Cockpit gateway fan-out benchmark

\`node bench/cockpit/fanout.bench.mjs\` (after \`npm run build\`), ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; 1-minute load
average ${loadBefore.toFixed(2)} before the run (the machine is shared: other work adds noise to both servers alike).
Processes: 3 per run — this driver (the writer and all ${CLIENTS} WebSocket clients), the server under
test (cockpit-gateway, or the bare \`ws\` broadcast server), and redis-server (used by the gateway run only).

Workload: ${CLIENTS} clients subscribed to one plan; ${EVENTS} events written at ${RATE} events/s
(${(CLIENTS * RATE).toLocaleString('en')} messages/s to deliver). Latency is from the writer's send
to a client's receipt, over every (client, event) pair. Each client checks seqs are exactly 1..${EVENTS}.

${markdownTable(
  [
    'round',
    'server',
    'delivered',
    'clients with every event',
    'seq problems',
    'p50',
    'p99',
    'max',
    'messages/s',
  ],
  rounds.flatMap((r, i) => [cells(r.baseline, i), cells(r.measured, i)]),
)}

Ratio gateway / bare (median over ${ROUNDS} alternating rounds): p50 ${ratio('p50')}×, p99 ${ratio('p99')}×.
The first ${WARMUP} events of each run are checked for seq but left out of the latency figures.
The gateway path includes the Redis stream: an EVAL (seq + XADD) by the writer and the gateway's
blocking XREAD, which the bare broadcast does not have; the client side (parsing, checking) is the
same code for both and runs on the same 2 cores as the servers.
`;
writeFileSync(join(here, 'RESULTS.md'), report);
console.log(report);
const ok = rounds.every((r) => r.measured.clientsComplete === CLIENTS && r.measured.orderProblems === 0);
process.exitCode = ok ? 0 : 1;
