import { describe, expect, it } from 'vitest';
import { MakerPlanRejectedError } from './errors.js';
import { MakerQueueClient, rejectionFromFailedReason } from './queue-client.js';

describe('rejectionFromFailedReason', () => {
  it.each([
    [
      'unknown_atom_type: task "a" has unknown atom type "Wizard"',
      'unknown_atom_type',
      [{ code: 'unknown_atom_type', message: 'task "a" has unknown atom type "Wizard"' }],
    ],
    [
      'circular_dependency: circular dependency: x → y → x',
      'circular_dependency',
      [{ code: 'circular_dependency', message: 'circular dependency: x → y → x', cycle: ['x', 'y', 'x'] }],
    ],
    [
      'duplicate_task: duplicate task id "a"; unknown_dependency: task "b" depends on unknown task "z"',
      'duplicate_task',
      [
        { code: 'duplicate_task', message: 'duplicate task id "a"' },
        { code: 'unknown_dependency', message: 'task "b" depends on unknown task "z"' },
      ],
    ],
    ['plan_id_conflict: plan p exists with a different body', 'plan_id_conflict', []],
    ['invalid submit payload: plan: Invalid input', 'invalid_payload', []],
    ['Connection is closed.', 'intake_failed', []],
  ])('classifies %j', (reason, code, issues) => {
    const error = rejectionFromFailedReason(reason);
    expect(error).toBeInstanceOf(MakerPlanRejectedError);
    expect(error.code).toBe(code);
    expect(error.issues).toEqual(issues);
    expect(error.message).toContain(reason);
  });
});

describe('MakerQueueClient.submitPlan', () => {
  it('refuses a payload that breaks the submit schema before anything is enqueued', async () => {
    const client = new MakerQueueClient({ prefix: 'unit-never-used' });
    try {
      const error = await client.submitPlan(42 as never, { k: 0 }).catch((e) => e);
      expect(error).toBeInstanceOf(MakerPlanRejectedError);
      expect(error.code).toBe('invalid_payload');
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(['plan', 'options.k']);
      await expect(client.submitPlan({ title: 't' }, {}, { jobId: 'a:b' })).rejects.toMatchObject({
        code: 'invalid_job_id',
      });
    } finally {
      await client.close();
    }
  });
});
