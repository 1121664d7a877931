// Bare BullMQ baselines measured in the same run, on the same Redis, in this one process.
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const connection = () => new Redis({ maxRetriesPerRequest: null });

/** The median of a list of numbers (sorts it in place). */
export function median(xs) {
  xs.sort((x, y) => x - y);
  return xs[Math.floor(xs.length / 2)];
}

/** Jobs through queue A, whose worker adds each to queue B: tasks per second end to end. */
export async function bareTwoStagePipeline(count, concurrency = 64) {
  const prefix = `bench-bare-${randomUUID().slice(0, 8)}`;
  const conn = connection();
  const a = new Queue('a', { connection: conn, prefix });
  const b = new Queue('b', { connection: conn, prefix });
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const started = performance.now();
  const wa = new Worker('a', (job) => b.add('b', job.data, { removeOnComplete: true }), {
    connection: conn,
    prefix,
    concurrency,
  });
  const wb = new Worker(
    'b',
    async () => {
      if (++done === count) finish();
    },
    { connection: conn, prefix, concurrency },
  );
  for (let i = 0; i < count; i += 1000) {
    await a.addBulk(
      Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
        name: 'a',
        data: { i: i + j },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([wa.close(), wb.close(), a.obliterate({ force: true }), b.obliterate({ force: true })]);
  await Promise.all([a.close(), b.close()]);
  conn.disconnect();
  return { tasksPerSecond: count / seconds, seconds };
}

/** A chain where each job's processor adds the next: milliseconds per hop (median of per-hop times). */
export async function bareJobToJobHop(hops) {
  const prefix = `bench-hop-${randomUUID().slice(0, 8)}`;
  const conn = connection();
  const q = new Queue('chain', { connection: conn, prefix });
  const times = [];
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(
    'chain',
    async (job) => {
      const now = performance.now();
      if (job.data.sentAt !== undefined) times.push(now - job.data.sentAt);
      if (job.data.n >= hops) return finish();
      await q.add('chain', { n: job.data.n + 1, sentAt: performance.now() }, { removeOnComplete: true });
    },
    { connection: conn, prefix, concurrency: 1 },
  );
  await q.add('chain', { n: 0 }, { removeOnComplete: true });
  await finished;
  await worker.close();
  await q.obliterate({ force: true });
  await q.close();
  conn.disconnect();
  return {
    medianMs: median(times),
    meanMs: times.reduce((s, t) => s + t, 0) / times.length,
  };
}

/**
 * For reference: a chain that alternates between two queues, each with its own worker, so every hop
 * wakes a worker blocked on an empty queue (the shape of a dependency hop between services), where
 * the plain hop above is usually served by the same worker fetching its next job as it finishes.
 */
export async function bareCrossQueueHop(hops) {
  const prefix = `bench-xhop-${randomUUID().slice(0, 8)}`;
  const conn = connection();
  const queues = [
    new Queue('ping', { connection: conn, prefix }),
    new Queue('pong', { connection: conn, prefix }),
  ];
  const times = [];
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const hop = (to) => async (job) => {
    const now = performance.now();
    if (job.data.sentAt !== undefined) times.push(now - job.data.sentAt);
    if (job.data.n >= hops) return finish();
    await queues[to].add('hop', { n: job.data.n + 1, sentAt: performance.now() }, { removeOnComplete: true });
  };
  const workerConnections = [connection(), connection()];
  const workers = [
    new Worker('ping', hop(1), { connection: workerConnections[0], prefix, concurrency: 1 }),
    new Worker('pong', hop(0), { connection: workerConnections[1], prefix, concurrency: 1 }),
  ];
  await queues[0].add('hop', { n: 0 }, { removeOnComplete: true });
  await finished;
  await Promise.all(workers.map((w) => w.close()));
  for (const c of workerConnections) c.disconnect();
  for (const q of queues) {
    await q.obliterate({ force: true });
    await q.close();
  }
  conn.disconnect();
  return { medianMs: median(times) };
}

/**
 * For reference: a DAG through two bare BullMQ queues (generate, execute) with the dependency
 * resolution done in this process, without any state in Redis: each execute job waits `workMs`,
 * then adds the generate jobs of the dependents it made ready; each generate job adds its execute
 * job. Workers as the stand-ins' (one per queue, same concurrency). Makespan in ms.
 */
export async function bareDag(tasks, { workMs, concurrency }) {
  const prefix = `bench-dag-${randomUUID().slice(0, 8)}`;
  const conn = connection();
  const generate = new Queue('generate', { connection: conn, prefix });
  const execute = new Queue('execute', { connection: conn, prefix });
  const open = new Map(tasks.map((t) => [t.id, t.dependencies.length]));
  const dependents = new Map(tasks.map((t) => [t.id, []]));
  for (const task of tasks) for (const d of task.dependencies) dependents.get(d).push(task.id);
  const jobsOf = (ids) =>
    ids.map((id) => ({ name: 'generate', data: { id }, opts: { removeOnComplete: true } }));
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const opts = { connection: conn, prefix, concurrency };
  const workers = [
    new Worker('generate', (job) => execute.add('execute', job.data, { removeOnComplete: true }), opts),
    new Worker(
      'execute',
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, workMs));
        const ready = dependents.get(job.data.id).filter((id) => {
          open.set(id, open.get(id) - 1);
          return open.get(id) === 0;
        });
        if (ready.length > 0) await generate.addBulk(jobsOf(ready));
        if (++done === tasks.length) finish();
      },
      opts,
    ),
  ];
  const started = performance.now();
  await generate.addBulk(jobsOf(tasks.filter((t) => t.dependencies.length === 0).map((t) => t.id)));
  await finished;
  const makespanMs = performance.now() - started;
  await Promise.all(workers.map((w) => w.close()));
  for (const q of [generate, execute]) {
    await q.obliterate({ force: true });
    await q.close();
  }
  conn.disconnect();
  return { makespanMs };
}

/** For reference: a Redis PING after the process sat idle for 5 ms, and back to back (median ms). */
export async function redisRoundTrips(samples = 300) {
  const conn = connection();
  const time = async () => {
    const started = performance.now();
    await conn.ping();
    return performance.now() - started;
  };
  const idle = [];
  const busy = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    idle.push(await time());
  }
  for (let i = 0; i < samples; i++) busy.push(await time());
  conn.disconnect();
  return { afterIdleMs: median(idle), backToBackMs: median(busy) };
}

export { QueueEvents };
