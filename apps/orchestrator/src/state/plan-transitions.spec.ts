import { randomUUID } from 'node:crypto';
import { PlanOptionsSchema, validatePlanInput } from '@maker/contracts';
import { readPlanEvents } from '@maker/service-kit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeContext, promptContexts } from '../scheduling/prompt-context.js';
import { PlanStore, submissionHash } from './plan-store.js';
import { PlanTransitions } from './plan-transitions.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `pt-${randomUUID().slice(0, 8)}`;
const store = new PlanStore(redis, prefix);
const transitions = new PlanTransitions(redis, prefix);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function startPlan(tasks: Array<{ id: string; description: string; dependencies?: string[] }>) {
  const input = { plan_id: `p-${randomUUID().slice(0, 8)}`, title: 'batch', micro_tasks: tasks };
  const validation = validatePlanInput(input, { maxTasks: 1_000, maxBytes: 1_000_000 });
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const options = PlanOptionsSchema.parse({});
  await store.create(validation.plan, options, submissionHash(input, options));
  await transitions.planTransition(input.plan_id, ['accepted'], 'running', {
    name: 'plan_started',
    message: 'go',
  });
  return input.plan_id;
}

/** A running plan: roots r0..r{n-1}, and `join` depending on all of them. */
async function runningPlan(roots: number) {
  const ids = Array.from({ length: roots }, (_, i) => `r${i}`);
  const planId = await startPlan([
    ...ids.map((id) => ({ id, description: id })),
    { id: 'join', description: 'join', dependencies: ids },
  ]);
  const claimed = await transitions.claimReady(planId, 100, 100);
  expect(claimed.map((c) => c.taskId).sort()).toEqual(ids);
  return { planId, ids };
}

const completion = { message: 'done', data: {}, info: {}, from: ['executing' as const], maxParallel: 100 };

describe('PlanTransitions batches', () => {
  it('advances the steps asked for in one turn together, each judged on its own', async () => {
    const { planId } = await runningPlan(3);
    const [first, stale, third] = await Promise.all([
      transitions.advance(planId, 'r0', 1, ['generating'], 'executing'),
      transitions.advance(planId, 'r1', 2, ['generating'], 'executing'),
      transitions.advance(planId, 'r2', 1, ['generating'], 'executing'),
    ]);
    expect(first).toMatchObject({ ok: true, definition: { id: 'r0' } });
    expect(stale).toEqual({ ok: false });
    expect(third).toMatchObject({ ok: true, definition: { id: 'r2' } });
    expect((await store.taskState(planId, 'r1')).state).toBe('generating');
  });

  it('completes a batch once each, claims the dependent once, and hands the claims to one caller', async () => {
    const { planId, ids } = await runningPlan(4);
    await Promise.all(ids.map((id) => transitions.advance(planId, id, 1, ['generating'], 'executing')));
    const results = await Promise.all([
      ...ids.map((id) => transitions.complete(planId, id, 1, completion)),
      transitions.complete(planId, 'r0', 1, completion),
    ]);
    expect(results.map((r) => r.completed)).toEqual([true, true, true, true, false]);
    const claims = results.flatMap((r) => r.claimed.map((c) => c.taskId));
    expect(claims).toEqual(['join']);
    expect(results.filter((r) => r.claimed.length > 0)).toHaveLength(1);
    const events = await readPlanEvents(redis, prefix, planId, 0);
    expect(events.filter((e) => e.event === 'task_completed')).toHaveLength(4);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it("reads a claimed task's prompt context in the claim, the same as a separate read gives", async () => {
    const { planId, ids } = await runningPlan(2);
    await Promise.all(ids.map((id) => transitions.advance(planId, id, 1, ['generating'], 'executing')));
    const [first] = await Promise.all(
      ids.map((id) => transitions.complete(planId, id, 1, { ...completion, info: { result: `${id} out` } })),
    );
    const [join] = first.claimed;
    const plan = (await store.settings(planId))!;
    const fromClaim = describeContext(
      plan,
      join.definition,
      join.context!.counts,
      join.context!.dependencies,
    );
    const [separately] = await promptContexts(redis, prefix, plan, [join.definition]);
    expect(fromClaim).toEqual(separately);
    expect(fromClaim.executionState).toContain('- r1: completed: "r1 out"');
  });

  it('claims the task with the longest chain behind it first, then in plan order, retries included', async () => {
    const planId = await startPlan([
      { id: 'solo', description: 'nothing depends on it' },
      { id: 'head', description: 'starts a chain' },
      { id: 'mid', description: 'x', dependencies: ['head'] },
      { id: 'tail', description: 'x', dependencies: ['mid'] },
      { id: 'pair', description: 'starts a shorter chain' },
      { id: 'end', description: 'x', dependencies: ['pair'] },
    ]);
    const order: string[] = [];
    for (let i = 0; i < 3; i++)
      order.push(...(await transitions.claimReady(planId, i + 1, 1)).map((c) => c.taskId));
    expect(order).toEqual(['head', 'pair', 'solo']);
    await transitions.settle(planId, 'pair', 1, ['generating'], 'retry', 'again', {}, {}, 0);
    await transitions.settle(planId, 'head', 1, ['generating'], 'retry', 'again', {}, {}, 0);
    const again = await transitions.claimReady(planId, 10, 1);
    expect(again.map((c) => c.taskId)).toEqual(['head']);
  });
});
