import {
  MakerApiError,
  MakerHttpClient,
  MakerPlanRejectedError,
  MakerQueueClient,
  MakerTimeoutError,
} from '@maker/client';
import type { MakerEvent } from '@maker/contracts';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startService } from '../support/service-process.js';
import { architectPlan, PlanStack, uniquePrefix } from './support/plan-stack.js';

let stack: PlanStack;
let client: MakerHttpClient;
let queue: MakerQueueClient;

beforeAll(async () => {
  stack = await PlanStack.start('client');
  client = new MakerHttpClient({ baseUrl: stack.url });
  queue = new MakerQueueClient({ prefix: stack.prefix });
});

afterAll(async () => {
  await queue?.close();
  await stack?.stop();
});

const chain = (planId: string, hold?: string) =>
  architectPlan(
    planId,
    ['a', 'b', 'c', 'd'].map((id, i) => [
      id,
      `step ${id}${id === hold ? ' [hold]' : ''}`,
      i > 0 ? [['a', 'b', 'c', 'd'][i - 1]] : [],
    ]),
  );

describe('MakerHttpClient against a real orchestrator', () => {
  it('submits a plan and waits for its completion, seeing every event in order', async () => {
    const planId = uniquePrefix('http');
    const submitted = await client.submitPlan(chain(planId), { k: 2, labels: { team: 'sdk' } });
    expect(submitted).toEqual({ plan_id: planId, status: 'running', created: true });
    const seen: MakerEvent[] = [];
    const plan = await client.waitForCompletion(planId, {
      timeoutMs: 20_000,
      onEvent: (e) => void seen.push(e),
    });
    expect(plan.status).toBe('completed');
    expect(plan.counts).toEqual({ completed: 4 });
    expect(plan.options).toMatchObject({ k: 2, labels: { team: 'sdk' } });
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)!.event).toBe('plan_completed');
    expect((await client.submitPlan(chain(planId), { k: 2, labels: { team: 'sdk' } })).created).toBe(false);
  });

  it('submits PLAN.md with options as query parameters', async () => {
    const { plan_id } = await client.submitPlan('# md\n- [ ] [one] first\n- [ ] second (after: one)\n', {
      k: 4,
      max_parallel: 1,
      labels: { team: 'core' },
    });
    const plan = await client.waitForCompletion(plan_id, { timeoutMs: 20_000 });
    expect(plan.status).toBe('completed');
    expect(plan.options).toMatchObject({ k: 4, max_parallel: 1, labels: { team: 'core' } });
    expect(plan.tasks.map((t) => t.id)).toEqual(['one', 't2']);
  });

  it('rejects an invalid plan with a typed error carrying the issues, and a cycle with its path', async () => {
    const invalid = await client
      .submitPlan({ title: 'bad', micro_tasks: [{ id: 'a', description: 'x', atom_type: 'Wizard' }] })
      .catch((e) => e);
    expect(invalid).toBeInstanceOf(MakerApiError);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_plan' });
    expect(invalid.issues[0]).toMatchObject({ code: 'unknown_atom_type', task_id: 'a' });
    const cyclic = await client
      .submitPlan(
        architectPlan(uniquePrefix('cyc'), [
          ['x', 'x', ['y']],
          ['y', 'y', ['x']],
        ]),
      )
      .catch((e) => e);
    expect(cyclic).toMatchObject({ status: 422, code: 'circular_dependency', cycle: ['x', 'y', 'x'] });
  });

  it('answers not_found for an unknown plan and conflict (with the status) for a refused action', async () => {
    await expect(client.getPlan('nope')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    const planId = uniquePrefix('done');
    await client.submitPlan(chain(planId));
    await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    await expect(client.pause(planId)).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      currentStatus: 'completed',
    });
  });

  it('resumes a subscription from the last seq it delivered with no gap and no duplicate', async () => {
    const planId = uniquePrefix('resume');
    await client.submitPlan(chain(planId, 'c'));
    const first: MakerEvent[] = [];
    const firstStream = client.subscribe(planId, { pollIntervalMs: 20 });
    for await (const event of firstStream) {
      first.push(event);
      if (event.event === 'task_completed' && event.task_id === 'b') firstStream.close();
    }
    // Events keep arriving while nobody listens: c starts, then finishes once released.
    await stack.executing(planId, 'c');
    stack.release(planId, 'c');
    const second: MakerEvent[] = [];
    for await (const event of client.subscribe(planId, { after: firstStream.lastSeq, pollIntervalMs: 20 })) {
      second.push(event);
    }
    const all = [...first, ...second].map((e) => e.seq);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(second.length).toBeGreaterThan(0);
    expect(second.at(-1)!.event).toBe('plan_completed');
    const stored = (await client.events(planId)).events.map((e) => e.seq);
    expect(all).toEqual(stored);
  });

  it('times out waiting for a plan held by a task, saying where to resume', async () => {
    const planId = uniquePrefix('wait');
    await client.submitPlan(chain(planId, 'a'));
    const error = await client.waitForCompletion(planId, { timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(MakerTimeoutError);
    expect(error.lastSeq).toBeGreaterThan(0);
    stack.release(planId, 'a');
    const plan = await client.waitForCompletion(planId, { after: error.lastSeq, timeoutMs: 20_000 });
    expect(plan.status).toBe('completed');
  });

  it('cancels a running plan, and waitForCompletion reports it cancelled', async () => {
    const planId = uniquePrefix('cancel');
    await client.submitPlan(chain(planId, 'b'));
    await stack.executing(planId, 'b');
    expect(await client.cancel(planId)).toEqual({ plan_id: planId, status: 'cancelled' });
    const plan = await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    expect(plan.status).toBe('cancelled');
    expect(plan.counts.cancelled).toBeGreaterThanOrEqual(2);
  });
});

describe('MakerQueueClient against a real orchestrator', () => {
  it('submits a plan through maker.plans and resolves with its plan id', async () => {
    const planId = uniquePrefix('queue');
    const job = await queue.submitPlan(chain(planId), { k: 3 }, { jobId: `submit-${planId}` });
    expect(await queue.waitForPlanId(job, { timeoutMs: 20_000 })).toBe(planId);
    expect((await client.waitForCompletion(planId, { timeoutMs: 20_000 })).status).toBe('completed');
  });

  it('shares a given Redis connection without closing it, and treats a repeated job id as one submission', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const shared = new MakerQueueClient({ connection: redis, prefix: stack.prefix });
    try {
      const planId = uniquePrefix('shared');
      const first = await shared.submitPlan(chain(planId), {}, { jobId: `once-${planId}` });
      const again = await shared.submitPlan(chain(planId), {}, { jobId: `once-${planId}` });
      expect(again.id).toBe(first.id);
      expect(await shared.waitForPlanId(again, { timeoutMs: 20_000 })).toBe(planId);
    } finally {
      await shared.close();
    }
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('submits PLAN.md text through the queue', async () => {
    const id = await queue.submitAndWait(
      '# q\n- [ ] only task\n',
      { max_parallel: 2 },
      { timeoutMs: 20_000 },
    );
    expect((await client.getPlan(id)).options.max_parallel).toBe(2);
  });

  it('surfaces a plan the intake refuses as a typed error with the validation message', async () => {
    const job = await queue.submitPlan({
      title: 'bad',
      micro_tasks: [{ id: 'a', description: 'x', atom_type: 'Wizard' }],
    });
    const error = await queue.waitForPlanId(job, { timeoutMs: 20_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(MakerPlanRejectedError);
    expect(error.code).toBe('unknown_atom_type');
    expect(error.message).toContain('task "a" has unknown atom type "Wizard"');
    expect(error.issues).toEqual([
      { code: 'unknown_atom_type', message: 'task "a" has unknown atom type "Wizard"' },
    ]);
  });

  it('surfaces a cycle refused by the intake with its path', async () => {
    const error = await queue
      .submitAndWait(
        architectPlan(uniquePrefix('qcyc'), [
          ['x', 'x', ['y']],
          ['y', 'y', ['x']],
        ]),
        {},
        { timeoutMs: 20_000 },
      )
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'circular_dependency', cycle: ['x', 'y', 'x'] });
  });
});

describe('MakerHttpClient with the cockpit gateway', () => {
  let gateway: RunningService;
  let live: MakerHttpClient;

  beforeAll(async () => {
    gateway = await startService('cockpit-gateway', { MAKER_PREFIX: stack.prefix });
    live = new MakerHttpClient({ baseUrl: stack.url, gatewayUrl: gateway.url });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('takes events pushed over SSE, resuming a closed subscription with no gap and no duplicate', async () => {
    const planId = uniquePrefix('sse');
    await live.submitPlan(chain(planId, 'c'));
    const first = live.subscribe(planId);
    const seqs: number[] = [];
    for await (const event of first) {
      seqs.push(event.seq);
      if (event.event === 'task_completed' && event.task_id === 'b') first.close();
    }
    expect(first.transport).toBe('sse');
    await stack.executing(planId, 'c');
    stack.release(planId, 'c');
    const second = live.subscribe(planId, { after: first.lastSeq });
    for await (const event of second) seqs.push(event.seq);
    expect(second.transport).toBe('sse');
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs).toEqual((await client.events(planId)).events.map((e) => e.seq));
    expect((await live.waitForCompletion(planId, { timeoutMs: 20_000 })).status).toBe('completed');
  });
});
