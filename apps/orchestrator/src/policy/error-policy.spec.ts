import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_LIMITS, decide, type FailureCondition, type PolicyContext } from './error-policy.js';

const context = (patch: Partial<PolicyContext> = {}): PolicyContext => ({
  attempt: 1,
  k: 3,
  redFlagAttempts: 1,
  limits: DEFAULT_POLICY_LIMITS,
  ...patch,
});

describe('the error policy (DESIGN §6)', () => {
  it.each<[string, FailureCondition, Partial<PolicyContext>, Record<string, unknown>]>([
    [
      'a consensus timeout retries with k+1',
      'consensus_timeout',
      { k: 3 },
      { kind: 'retry', k: 4, rollback: true },
    ],
    ['a consensus timeout at max k escalates', 'consensus_timeout', { k: 8 }, { kind: 'escalate' }],
    [
      'a red flag rolls back and regenerates with the reasons',
      'red_flagged',
      { redFlagAttempts: 1 },
      { kind: 'retry', feedback: ['r'] },
    ],
    [
      'the Nth red flag requests a re-plan',
      'red_flagged',
      { redFlagAttempts: 3 },
      { kind: 'replan', reasons: ['r'] },
    ],
    ['no consensus escalates to a person', 'no_consensus', {}, { kind: 'escalate' }],
    ['a script escalation escalates', 'escalated', {}, { kind: 'escalate' }],
    ['a failing script is retried', 'script_failed', { attempt: 2 }, { kind: 'retry', feedback: ['r'] }],
    ['a script failing its last attempt fails the task', 'script_failed', { attempt: 3 }, { kind: 'fail' }],
    ['shadow git corruption stops everything', 'shadow_corrupt', {}, { kind: 'emergency_stop' }],
  ])('%s', (_name, condition, patch, expected) => {
    expect(decide(condition, context(patch), ['r'])).toMatchObject(expected);
  });
});
