import type { MakerEvent } from '@maker/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { StandInWorkers } from '../support/stand-in-workers.js';

const prefix = uniquePrefix('orch');
let orchestrator: RunningService;
let workers: StandInWorkers;
let api: PlanApi;
const behaviour = new Map<string, (attempt: number) => Record<string, unknown>>();

beforeAll(async () => {
  orchestrator = await startService('orchestrator', { MAKER_PREFIX: prefix, MAKER_SWEEP_INTERVAL_MS: '200' });
  api = new PlanApi(orchestrator.url);
  workers = new StandInWorkers(prefix, async (job) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return (
      behaviour.get(`${job.plan_id}/${job.task_id}`)?.(job.attempt) ?? {
        outcome: 'succeeded',
        result: `${job.task_id} ok`,
      }
    );
  });
});

afterAll(async () => {
  await workers?.close();
  await orchestrator?.stop('SIGKILL');
});

const diamond = (planId: string) => ({
  plan_id: planId,
  title: 'diamond',
  micro_tasks: [
    { id: 'a', description: 'root' },
    { id: 'b', description: 'left', dependencies: ['a'] },
    { id: 'c', description: 'right', dependencies: ['a'] },
    { id: 'd', description: 'join', dependencies: ['b', 'c'] },
  ],
});

function indexOf(events: MakerEvent[], event: string, task: string | null) {
  return events.findIndex((e) => e.event === event && e.task_id === task);
}

describe('orchestrator: plans run to the end through the queues', () => {
  it('runs a diamond plan in dependency order with gap-free events', async () => {
    const planId = uniquePrefix('diamond');
    const created = await api.submit(diamond(planId));
    expect(created).toEqual({ status: 201, body: { plan_id: planId, status: 'running' } });
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(indexOf(events, 'task_started', 'd')).toBeGreaterThan(indexOf(events, 'task_completed', 'b'));
    expect(indexOf(events, 'task_started', 'd')).toBeGreaterThan(indexOf(events, 'task_completed', 'c'));
    expect(indexOf(events, 'task_started', 'b')).toBeGreaterThan(indexOf(events, 'task_completed', 'a'));
    expect(events.filter((e) => e.event === 'snapshot').length).toBeGreaterThanOrEqual(3);
    const plan = await api.plan(planId);
    expect(plan.status).toBe('completed');
    expect(plan.counts).toEqual({ completed: 4 });
    expect(
      plan.tasks.map((t: { id: string; state: string; attempts: number }) => [t.id, t.state, t.attempts]),
    ).toEqual([
      ['a', 'completed', 1],
      ['b', 'completed', 1],
      ['c', 'completed', 1],
      ['d', 'completed', 1],
    ]);
  });

  it('retries a failing task, then fails it and skips its dependents with the reason', async () => {
    const planId = uniquePrefix('fail');
    behaviour.set(`${planId}/b`, () => ({
      outcome: 'failed',
      error: { type: 'ErrorRuntime', message: 'boom', line: 1, column: 1 },
    }));
    await api.submit(diamond(planId));
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_failed');
    expect(events.filter((e) => e.event === 'task_retry' && e.task_id === 'b')).toHaveLength(2);
    expect(events.filter((e) => e.event === 'rollback' && e.task_id === 'b')).toHaveLength(3);
    expect(events.find((e) => e.event === 'task_failed' && e.task_id === 'b')!.details.message).toMatch(
      /failed after 3 attempts: boom/,
    );
    const skip = events.find((e) => e.event === 'task_skipped' && e.task_id === 'd')!;
    expect(skip.details.message).toBe('skipped: dependency b failed');
    const plan = await api.plan(planId);
    expect(plan.counts).toEqual({ completed: 2, failed: 1, skipped: 1 });
  });

  it('escalates a task with no consensus; a person retries it with a larger k and it completes', async () => {
    const planId = uniquePrefix('esc');
    behaviour.set(`${planId}/c`, (attempt) =>
      attempt === 1
        ? { outcome: 'no_consensus', reasons: ['no candidate ahead by 3'] }
        : { outcome: 'succeeded' },
    );
    await api.submit(diamond(planId));
    await api.waitForEvent(planId, (e) => e.event === 'task_escalated' && e.task_id === 'c');
    expect((await api.plan(planId)).status).toBe('running');
    const retried = await api.post(`/v1/plans/${planId}/tasks/c/retry`, { k: 5 });
    expect(retried).toEqual({ status: 200, body: { task_id: 'c', plan_id: planId, status: 'retrying' } });
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');
    const secondRun = workers.executed.filter((j) => j.plan_id === planId && j.task_id === 'c');
    expect(secondRun.map((j) => [j.attempt, j.k])).toEqual([
      [1, 3],
      [2, 5],
    ]);
  });

  it('honours max_parallel', async () => {
    const planId = uniquePrefix('par');
    workers.maxConcurrent = 0;
    const tasks = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, description: `independent ${i}` }));
    await api.submit({ plan_id: planId, title: 'wide', micro_tasks: tasks, options: { max_parallel: 2 } });
    await api.waitForEvent(planId, isPlanEnd);
    expect(workers.maxConcurrent).toBeLessThanOrEqual(2);
    expect(workers.maxConcurrent).toBeGreaterThan(0);
  });

  it('skips a task a person skips, and its dependents with it', async () => {
    const planId = uniquePrefix('skip');
    behaviour.set(`${planId}/a`, () => ({ outcome: 'escalated', reasons: ['needs a person'] }));
    await api.submit(diamond(planId));
    await api.waitForEvent(planId, (e) => e.event === 'task_escalated');
    expect((await api.post(`/v1/plans/${planId}/tasks/a/skip`)).status).toBe(200);
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect((await api.plan(planId)).counts).toEqual({ skipped: 4 });
  });
});

describe('orchestrator: intake', () => {
  it('returns the same plan for the same plan_id and body, and 409 for a different body', async () => {
    const planId = uniquePrefix('idem');
    expect((await api.submit(diamond(planId))).status).toBe(201);
    expect(await api.submit(diamond(planId))).toMatchObject({ status: 200, body: { plan_id: planId } });
    const other = { ...diamond(planId), title: 'changed' };
    expect(await api.submit(other)).toMatchObject({ status: 409, body: { error: 'plan_id_conflict' } });
  });

  it('rejects a cycle with 422 and the cycle path', async () => {
    const response = await api.submit({
      title: 'cyclic',
      micro_tasks: [
        { id: 'x', description: 'x', dependencies: ['y'] },
        { id: 'y', description: 'y', dependencies: ['x'] },
      ],
    });
    expect(response).toMatchObject({
      status: 422,
      body: { error: 'circular_dependency', cycle: ['x', 'y', 'x'] },
    });
  });

  it('rejects an invalid plan with 400 and the issues', async () => {
    const response = await api.submit({
      title: 'bad',
      micro_tasks: [{ id: 'a', description: 'x', atom_type: 'Wizard' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.issues[0]).toMatchObject({ code: 'unknown_atom_type', task_id: 'a' });
  });

  it('rejects bad options naming the option', async () => {
    const response = await api.submit({ ...diamond(uniquePrefix('opt')), options: { k: 0 } });
    expect(response.status).toBe(400);
    expect(response.body.issues[0].path).toBe('options.k');
  });

  it('accepts PLAN.md with options as query parameters', async () => {
    const response = await api.submit('# md plan\n- [ ] [one] first\n- [ ] second (after: one)\n', {
      contentType: 'text/markdown',
      query: '?k=4&max_parallel=1&labels.team=core',
    });
    expect(response.status).toBe(201);
    const events = await api.waitForEvent(response.body.plan_id, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');
    const plan = await api.plan(response.body.plan_id);
    expect(plan.options).toMatchObject({ k: 4, max_parallel: 1, labels: { team: 'core' } });
  });

  it('answers 404 for an unknown plan', async () => {
    expect((await fetch(`${orchestrator.url}/v1/plans/nope`)).status).toBe(404);
    expect((await api.post('/v1/plans/nope/pause')).status).toBe(404);
  });
});

describe('orchestrator: pause, resume, cancel', () => {
  it('pauses dispatch and resumes it', async () => {
    const planId = uniquePrefix('pause');
    behaviour.set(`${planId}/a`, () => ({ outcome: 'succeeded' }));
    const tasks = Array.from({ length: 6 }, (_, i) => ({
      id: `s${i}`,
      description: 'step',
      dependencies: i > 0 ? [`s${i - 1}`] : [],
    }));
    await api.submit({ plan_id: planId, title: 'chain', micro_tasks: tasks });
    await api.waitForEvent(planId, (e) => e.event === 'task_completed' && e.task_id === 's1');
    expect((await api.post(`/v1/plans/${planId}/pause`)).body.status).toBe('paused');
    const before = await api.events(planId);
    const startedWhilePaused = (await api.events(planId, before.at(-1)!.seq)).filter(
      (e) => e.event === 'task_started',
    );
    expect(startedWhilePaused.length).toBeLessThanOrEqual(1);
    expect((await api.post(`/v1/plans/${planId}/pause`)).status).toBe(409);
    expect((await api.post(`/v1/plans/${planId}/resume`)).body.status).toBe('running');
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(events.some((e) => e.event === 'plan_paused')).toBe(true);
  });

  it('cancels a running plan: unfinished tasks are cancelled and nothing more starts', async () => {
    const planId = uniquePrefix('cancel');
    const tasks = Array.from({ length: 8 }, (_, i) => ({
      id: `c${i}`,
      description: 'step',
      dependencies: i > 0 ? [`c${i - 1}`] : [],
    }));
    await api.submit({ plan_id: planId, title: 'chain', micro_tasks: tasks });
    await api.waitForEvent(planId, (e) => e.event === 'task_completed' && e.task_id === 'c1');
    expect((await api.post(`/v1/plans/${planId}/cancel`)).body.status).toBe('cancelled');
    const events = await api.waitForEvent(planId, (e) => e.event === 'plan_cancelled');
    const plan = await api.plan(planId);
    expect(plan.status).toBe('cancelled');
    expect(plan.counts.cancelled).toBeGreaterThanOrEqual(5);
    const after = await api.events(planId, events.at(-1)!.seq);
    expect(after.filter((e) => e.event === 'task_started')).toEqual([]);
  });
});
