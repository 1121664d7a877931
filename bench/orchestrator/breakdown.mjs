// Where the orchestrator's time goes: a diagnostic for performance work, not a benchmark (it prints
// no ratio). Part 1 runs the throughput plan and reports CPU per task of each process (Redis from
// INFO cpu, the orchestrator from /proc, this process). Part 2 runs the random DAG and splits its
// actual critical chain into stages. Run after `npm run build`:
//   node bench/orchestrator/breakdown.mjs [--tasks N]
import { readFileSync } from 'node:fs';
import { planKeys } from '@maker/service-kit';
import { Redis } from 'ioredis';
import { submit, waitForEnd, withOrchestrator } from './orchestrator-process.mjs';
import { independentTasks, randomDag } from './workloads.mjs';

const at = process.argv.indexOf('--tasks');
const TASKS = at > 0 ? Number(process.argv[at + 1]) : 2_000;
const redis = new Redis();

const redisCpuSeconds = async () => {
  const info = await redis.info('cpu');
  const field = (name) => Number(info.match(new RegExp(`${name}:([\\d.]+)`))[1]);
  return field('used_cpu_sys') + field('used_cpu_user');
};
const processCpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function cpuPerTask() {
  return withOrchestrator({ concurrency: 64 }, async (orchestrator, prefix) => {
    const before = [await redisCpuSeconds(), processCpuSeconds(orchestrator.pid), ownCpuSeconds()];
    const started = performance.now();
    const planId = await submit(orchestrator.url, {
      title: 'throughput',
      micro_tasks: independentTasks(TASKS),
      options: { max_parallel: 2_000 },
    });
    await waitForEnd(redis, prefix, planId);
    const seconds = (performance.now() - started) / 1000;
    const after = [await redisCpuSeconds(), processCpuSeconds(orchestrator.pid), ownCpuSeconds()];
    const ms = after.map((a, i) => (((a - before[i]) * 1000) / TASKS).toFixed(3));
    console.log(`throughput: ${(TASKS / seconds).toFixed(0)} tasks/s`);
    console.log(`CPU per task (ms): Redis ${ms[0]}, orchestrator ${ms[1]}, stand-in workers ${ms[2]}`);
  });
}

const STAGES = [
  ['ready → claimed', 'ready', 'claimed'],
  ['claimed → generate job created', 'claimed', 'generateJob'],
  ['generate job created → started', 'generateJob', 'generateStart'],
  ['generate started → script_generated handled', 'generateStart', 'generated'],
  ['script_generated → execute job created', 'generated', 'executeJob'],
  ['execute job created → started', 'executeJob', 'executeStart'],
  ['execute (100 ms of simulated work)', 'executeStart', 'executeDone'],
  ['execute done → task_completed handled', 'executeDone', 'completed'],
];
const EVENT_MARK = {
  task_ready: 'ready',
  task_started: 'claimed',
  script_generated: 'generated',
  task_completed: 'completed',
};

async function criticalChain() {
  const { tasks, criticalPathTasks } = randomDag(TASKS);
  const marks = new Map();
  const mark = (id, name, ms) => marks.set(id, { ...marks.get(id), [name]: ms });
  const standIns = {
    concurrency: 1_000,
    workMs: 100,
    onGenerateStart: (id, job) => {
      mark(id, 'generateJob', job.timestamp);
      mark(id, 'generateStart', Date.now());
    },
    onExecuteStart: (id, job) => {
      mark(id, 'executeJob', job.timestamp);
      mark(id, 'executeStart', Date.now());
    },
    onExecuteDone: (id) => mark(id, 'executeDone', Date.now()),
  };
  await withOrchestrator(standIns, async (orchestrator, prefix) => {
    const started = performance.now();
    const planId = await submit(orchestrator.url, {
      title: 'dag',
      micro_tasks: tasks,
      options: { max_parallel: 10_000 },
    });
    await waitForEnd(redis, prefix, planId);
    const makespan = performance.now() - started;
    for (const [, fields] of await redis.xrange(planKeys(prefix, planId).events, '-', '+')) {
      const event = JSON.parse(fields[1]);
      const name = EVENT_MARK[event.event];
      if (name && event.task_id) mark(event.task_id, name, Date.parse(event.timestamp));
    }
    console.log(
      `DAG: makespan ${makespan.toFixed(0)} ms, bound ${criticalPathTasks * 100} ms, ` +
        `${((makespan - criticalPathTasks * 100) / criticalPathTasks).toFixed(1)} ms over per level`,
    );
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const lastDone = (ids) => ids.reduce((a, b) => (marks.get(a).completed >= marks.get(b).completed ? a : b));
  const chain = [];
  for (let id = lastDone([...marks.keys()]); id; ) {
    chain.unshift(id);
    const deps = byId.get(id).dependencies;
    id = deps.length > 0 ? lastDone(deps) : undefined;
  }
  console.log(
    `the critical chain as it ran: ${chain.length} tasks; mean per task (ms, clock resolution 1 ms):`,
  );
  for (const [label, from, to] of STAGES) {
    const gaps = chain.map((id) => marks.get(id)[to] - marks.get(id)[from]).filter(Number.isFinite);
    console.log(`  ${label.padEnd(46)} ${(gaps.reduce((s, g) => s + g, 0) / gaps.length).toFixed(2)}`);
  }
}

await cpuPerTask();
await criticalChain();
redis.disconnect();
process.exit(0);
