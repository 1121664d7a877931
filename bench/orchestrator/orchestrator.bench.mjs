// Orchestration benchmarks of DESIGN §14 / issue #4, each a ratio against bare BullMQ measured in
// this same run on the same Redis. Processes: this one (stand-in workers and baselines) and one
// orchestrator. Run after `npm run build`: node bench/orchestrator/orchestrator.bench.mjs [--quick]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { Redis } from 'ioredis';
import {
  bareCrossQueueHop,
  bareDag,
  bareJobToJobHop,
  bareTwoStagePipeline,
  median,
  redisRoundTrips,
} from './baselines.mjs';
import { submit, waitForEnd, withOrchestrator } from './orchestrator-process.mjs';
import { independentTasks, randomDag } from './workloads.mjs';

const quick = process.argv.includes('--quick');
const THROUGHPUT_TASKS = quick ? 2_000 : 10_000;
const ROUNDS = quick ? 1 : 3;
const CHAIN_TASKS = quick ? 200 : 1_000;
const DAG_TASKS = quick ? 500 : 2_000;
const redis = new Redis();

/**
 * ROUNDS pairs of (ours, bare) runs, interleaved so both see the same machine: the median pair by
 * ratio, with every pair's ratio.
 */
async function medianPair(runOurs, runBare) {
  const pairs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ours = await runOurs();
    const bare = await runBare();
    pairs.push({ ours, bare, ratio: ours / bare });
  }
  pairs.sort((a, b) => a.ratio - b.ratio);
  return { ...pairs[Math.floor(pairs.length / 2)], ratios: pairs.map((p) => p.ratio) };
}

/** Tasks per second of a plan of independent tasks, against a bare two-stage pipeline. */
async function throughput() {
  const tasks = independentTasks(THROUGHPUT_TASKS);
  const ours = () =>
    withOrchestrator({ concurrency: 64 }, async ({ url }, prefix) => {
      const started = performance.now();
      const planId = await submit(url, {
        title: 'throughput',
        micro_tasks: tasks,
        options: { max_parallel: 2_000 },
      });
      await waitForEnd(redis, prefix, planId);
      return THROUGHPUT_TASKS / ((performance.now() - started) / 1000);
    });
  return medianPair(ours, async () => (await bareTwoStagePipeline(THROUGHPUT_TASKS)).tasksPerSecond);
}

/** Median ms from a chain task's completion to its dependent's start, through the orchestrator. */
async function chainHop(tasks) {
  const doneAt = new Map();
  const startAt = new Map();
  await withOrchestrator(
    {
      concurrency: 8,
      onExecuteDone: (id) => doneAt.set(id, performance.now()),
      onGenerateStart: (id) => startAt.set(id, performance.now()),
    },
    async ({ url }, prefix) =>
      waitForEnd(redis, prefix, await submit(url, { title: 'chain', micro_tasks: tasks })),
  );
  const hops = [];
  for (let i = 1; i < tasks.length; i++) hops.push(startAt.get(`c${i}`) - doneAt.get(`c${i - 1}`));
  return median(hops);
}

/** A chain's hop through the orchestrator against a bare job-to-job hop, and a cross-queue reference. */
async function dependencyHops() {
  const tasks = Array.from({ length: CHAIN_TASKS }, (_, i) => ({
    id: `c${i}`,
    description: 'step',
    dependencies: i ? [`c${i - 1}`] : [],
  }));
  const pair = await medianPair(
    () => chainHop(tasks),
    async () => (await bareJobToJobHop(CHAIN_TASKS)).medianMs,
  );
  const crossQueue = await bareCrossQueueHop(CHAIN_TASKS);
  return {
    oursMedianMs: pair.ours,
    bareMedianMs: pair.bare,
    ratio: pair.ratio,
    ratios: pair.ratios,
    crossQueueMedianMs: crossQueue.medianMs,
  };
}

async function parallelism() {
  const WORK_MS = 100;
  const { tasks, criticalPathTasks } = randomDag(DAG_TASKS);
  const makespan = await withOrchestrator(
    { concurrency: 1_000, workMs: WORK_MS },
    async ({ url }, prefix) => {
      const started = performance.now();
      const planId = await submit(url, {
        title: 'dag',
        micro_tasks: tasks,
        options: { max_parallel: 10_000 },
      });
      await waitForEnd(redis, prefix, planId);
      return performance.now() - started;
    },
  );
  const bound = criticalPathTasks * WORK_MS;
  const bare = await bareDag(tasks, { workMs: WORK_MS, concurrency: 1_000 });
  return {
    makespanMs: makespan,
    boundMs: bound,
    criticalPathTasks,
    ratio: makespan / bound,
    bareMakespanMs: bare.makespanMs,
  };
}

const results = {
  throughput: await throughput(),
  hops: await dependencyHops(),
  parallelism: await parallelism(),
  roundTrips: await redisRoundTrips(),
};
redis.disconnect();
const f = (n, d = 2) => n.toFixed(d);
const report = `# Orchestrator benchmarks

Run: \`node bench/orchestrator/orchestrator.bench.mjs${quick ? ' --quick' : ''}\` on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString()}.
Processes: 2 (this process runs the stand-in workers and the bare BullMQ baselines; one orchestrator process). Redis on 127.0.0.1.
Ratios compare against bare BullMQ measured in the same run; absolute numbers vary with machine load.

| benchmark | ours | bare BullMQ | ratio | goal |
|---|---|---|---|---|
| ${THROUGHPUT_TASKS}-task plan of tasks that write nothing (tasks/s) vs a two-stage pipeline, median of ${ROUNDS} interleaved pairs (ratios ${results.throughput.ratios.map((r) => f(r)).join(', ')}) | ${f(results.throughput.ours, 0)} | ${f(results.throughput.bare, 0)} | ${f(results.throughput.ratio)} | ≥ 0.5 |
| ${CHAIN_TASKS}-task chain: completion → dependent's start, median ms, vs a job-to-job hop, median of ${ROUNDS} interleaved pairs (ratios ${results.hops.ratios.map((r) => f(r)).join(', ')}) | ${f(results.hops.oursMedianMs)} | ${f(results.hops.bareMedianMs)} | ${f(results.hops.ratio)} | ≤ 4 |
| random ${DAG_TASKS}-task DAG, 100 ms work: makespan vs critical path (${results.parallelism.criticalPathTasks} tasks), ms | ${f(results.parallelism.makespanMs, 0)} | ${f(results.parallelism.boundMs, 0)} (bound) | ${f(results.parallelism.ratio)} | ≤ 1.1 |
| for reference: the same DAG through bare two-stage BullMQ, dependencies resolved in process: its makespan vs the critical path, ms | ${f(results.parallelism.bareMakespanMs, 0)} | ${f(results.parallelism.boundMs, 0)} (bound) | ${f(results.parallelism.bareMakespanMs / results.parallelism.boundMs)} | — |
| for reference: the DAG's makespan, ours vs that bare BullMQ DAG, ms | ${f(results.parallelism.makespanMs, 0)} | ${f(results.parallelism.bareMakespanMs, 0)} | ${f(results.parallelism.makespanMs / results.parallelism.bareMakespanMs)} | — |
| for reference: the chain hop vs a hop to another queue's idle worker, median ms | ${f(results.hops.oursMedianMs)} | ${f(results.hops.crossQueueMedianMs)} | ${f(results.hops.oursMedianMs / results.hops.crossQueueMedianMs)} | — |
| for reference: Redis round trip after 5 ms idle / back to back, median ms | ${f(results.roundTrips.afterIdleMs, 3)} | ${f(results.roundTrips.backToBackMs, 3)} | ${f(results.roundTrips.afterIdleMs / results.roundTrips.backToBackMs)} | — |

Per task, the orchestrator moves two BullMQ jobs (generate, execute) and two results on the results
stream, runs two or three atomic Lua transitions and appends about four events; the bare pipeline
moves two jobs. Results that arrive together are handled together (one Lua call per plan, one bulk
insert per queue, one acknowledgement). The chain hop is measured from the stand-in executor
finishing task i to the stand-in generator receiving task i+1. That path has five sequential Redis
round trips by construction (DESIGN §2: results go through the orchestrator, which enqueues the next
stage): the result's XADD wakes the orchestrator's XREADGROUP, one Lua transition completes the task
and claims its dependent (reading its prompt context in the same call), one script inserts the job,
the generator's blocked BZPOPMIN wakes, and its moveToActive fetches the job. In a chain every step
starts from idle processes: five round trips after idle cost ${f(5 * results.roundTrips.afterIdleMs)} ms here before any
work, against a 4× budget of ${f(4 * results.hops.bareMedianMs)} ms (the bare hop is one insert plus a fetch the
finishing worker makes as it finishes). The DAG pays that path twice per level (complete → generate
→ execute), and a level's jobs arrive in bursts that the stand-in workers, the orchestrator and Redis
handle on the same 2 cores. The same DAG through bare BullMQ, with no orchestrator at all (this
process resolves the dependencies and adds the next jobs itself), took ${f(results.parallelism.bareMakespanMs / results.parallelism.boundMs)}× its critical path in
this run: the 1.1 goal is below what BullMQ's own workers reach on this machine.
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
process.exit(0);
