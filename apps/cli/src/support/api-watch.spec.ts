import type { PlanDetail } from '@maker/client/http';
import type { MakerEvent } from '@maker/contracts';
import { describe, expect, it } from 'vitest';
import { PlanProgress } from './api-watch.js';

const plan = (states: Record<string, string>) =>
  ({
    task_count: Object.keys(states).length,
    tasks: Object.entries(states).map(([id, state]) => ({ id, state })),
  }) as unknown as PlanDetail;

const event = (name: MakerEvent['event'], task: string | null): MakerEvent => ({
  event: name,
  plan_id: 'p',
  task_id: task,
  timestamp: '',
  seq: 1,
  details: { message: '', data: {} },
});

describe('PlanProgress', () => {
  it('counts finished tasks from the seed and the events that follow it', () => {
    const progress = new PlanProgress(plan({ a: 'completed', b: 'ready', c: 'pending', d: 'pending' }));
    expect([progress.finished, progress.running, progress.total]).toEqual([1, 0, 4]);
    progress.apply(event('task_started', 'b'));
    expect(progress.running).toBe(1);
    progress.apply(event('task_failed', 'b'));
    progress.apply(event('task_skipped', 'c'));
    expect([progress.finished, progress.running]).toEqual([3, 0]);
  });

  it('takes a retried task out of the finished ones, and counts escalations', () => {
    const progress = new PlanProgress(plan({ a: 'escalated', b: 'skipped' }));
    expect([progress.finished, progress.escalated]).toEqual([1, 1]);
    progress.apply(event('task_retry', 'b'));
    progress.apply(event('task_started', 'a'));
    expect([progress.finished, progress.escalated, progress.running]).toEqual([0, 0, 1]);
  });

  it('treats every unfinished task as cancelled when the plan is cancelled', () => {
    const progress = new PlanProgress(plan({ a: 'completed', b: 'executing', c: 'pending' }));
    progress.apply(event('plan_cancelled', null));
    expect([progress.finished, progress.running]).toEqual([1, 0]);
  });
});
