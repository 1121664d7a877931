import { QueueName } from '@maker/contracts';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { StandInWorkers } from '../support/stand-in-workers.js';

const prefix = uniquePrefix('replan');
let orchestrator: RunningService;
let workers: StandInWorkers;
let architect: Worker;
const connection = new Redis({ maxRetriesPerRequest: null });
const architectAnswers = new Map<string, unknown>();
const replanRequests: Array<Record<string, any>> = [];

beforeAll(async () => {
  orchestrator = await startService('orchestrator', {
    MAKER_PREFIX: prefix,
    MAKER_SWEEP_INTERVAL_MS: '100',
    MAKER_REPLAN_AFTER: '2',
  });
  workers = new StandInWorkers(prefix, async (job) =>
    job.task_id === 'hard'
      ? { outcome: 'red_flagged', reasons: ['import cycle introduced: a.ts → b.ts → a.ts'] }
      : { outcome: 'succeeded' },
  );
  // A stand-in Architect: answers re-plan requests with the sub-plan set for the plan.
  architect = new Worker(
    QueueName.replan,
    async (job: Job) => {
      replanRequests.push(job.data);
      return { plan: architectAnswers.get(job.data.plan_id) };
    },
    { connection, prefix },
  );
});

afterAll(async () => {
  await architect?.close();
  await workers?.close();
  await orchestrator?.stop('SIGKILL');
  connection.disconnect();
});

const plan = (planId: string) => ({
  plan_id: planId,
  title: 'needs a re-plan',
  micro_tasks: [
    { id: 'start', description: 'start' },
    { id: 'hard', description: 'a task too big to get right', dependencies: ['start'] },
    { id: 'after', description: 'uses the hard part', dependencies: ['hard'] },
  ],
});

describe('error policy: red flags lead to a re-plan', () => {
  it('rolls back and regenerates with the reasons, then splices in the Architect’s sub-plan and finishes the plan', async () => {
    const planId = uniquePrefix('rp');
    architectAnswers.set(planId, {
      title: 'smaller steps',
      micro_tasks: [
        { id: 'part1', description: 'first half' },
        { id: 'part2', description: 'second half', dependencies: ['part1'] },
      ],
    });
    const api = new PlanApi(orchestrator.url);
    await api.submit(plan(planId));
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(events.filter((e) => e.event === 'rollback' && e.task_id === 'hard')).toHaveLength(2);
    const retry = events.find((e) => e.event === 'task_retry' && e.task_id === 'hard')!;
    expect(retry.details.message).toMatch(/red flag/);
    const second = workers.executed.filter((j) => j.plan_id === planId && j.task_id === 'hard');
    expect(second).toHaveLength(2);
    expect(replanRequests.find((r) => r.plan_id === planId)).toMatchObject({
      task_id: 'hard',
      reasons: ['import cycle introduced: a.ts → b.ts → a.ts'],
    });
    const order = (name: string, task: string) =>
      events.findIndex((e) => e.event === name && e.task_id === task);
    expect(order('task_completed', 'hard.part2')).toBeGreaterThan(order('task_completed', 'hard.part1'));
    expect(order('task_completed', 'hard')).toBeGreaterThan(order('task_completed', 'hard.part2'));
    expect(order('task_started', 'after')).toBeGreaterThan(order('task_completed', 'hard'));
    const final = await api.plan(planId);
    expect(final.task_count).toBe(5);
    expect(final.counts).toEqual({ completed: 5 });
  });

  it('halts the plan when the re-plan has a cycle, naming it', async () => {
    const planId = uniquePrefix('rpc');
    architectAnswers.set(planId, {
      title: 'cyclic',
      micro_tasks: [
        { id: 'p', description: 'p', dependencies: ['q'] },
        { id: 'q', description: 'q', dependencies: ['p'] },
      ],
    });
    const api = new PlanApi(orchestrator.url);
    await api.submit(plan(planId));
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    const halted = events.at(-1)!;
    expect(halted.event).toBe('plan_halted');
    expect(halted.details.message).toMatch(/circular dependency: p → q → p/);
    expect(halted.details.data.cycle).toEqual(['p', 'q', 'p']);
    expect((await api.plan(planId)).status).toBe('halted');
  });
});
