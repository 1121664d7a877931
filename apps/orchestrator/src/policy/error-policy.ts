/**
 * The error policy of DESIGN §6, in one place. Each row names the condition, who detects it, and
 * the action; `decide` is the whole table. Single atom failures are retried inside the executor's
 * vote (with prompt variants) and reach this table only when they exhaust the vote.
 */

export type FailureCondition =
  /** A vote exceeded its time budget. Detected by the executor's vote. */
  | 'consensus_timeout'
  /** check_red_flags, post-execution verification or a merge conflict. */
  | 'red_flagged'
  /** A vote ended with no candidate ahead by k, or every sample was red-flagged. */
  | 'no_consensus'
  /** The script called escalate(). */
  | 'escalated'
  /** The script threw, or a worker failed it permanently (e.g. script generation). */
  | 'script_failed'
  /** Shadow git integrity check failed. */
  | 'shadow_corrupt';

export interface PolicyContext {
  attempt: number;
  k: number;
  /** Red-flagged attempts of this task so far, including this one. */
  redFlagAttempts: number;
  limits: PolicyLimits;
}

export interface PolicyLimits {
  /** Attempts of a task whose script fails before it fails for good. @defaultValue 3 */
  maxAttempts: number;
  /** The largest vote margin a timeout may raise k to. @defaultValue 8 */
  maxK: number;
  /** Red-flagged attempts before a re-plan is requested. @defaultValue 3 */
  replanAfterRedFlags: number;
}

export const DEFAULT_POLICY_LIMITS: PolicyLimits = { maxAttempts: 3, maxK: 8, replanAfterRedFlags: 3 };

export type PolicyAction =
  | { kind: 'retry'; k?: number; timeoutScale?: number; feedback: string[]; rollback: boolean; why: string }
  | { kind: 'replan'; reasons: string[]; why: string }
  | { kind: 'escalate'; why: string }
  | { kind: 'fail'; why: string }
  | { kind: 'emergency_stop'; why: string };

type Row = (context: PolicyContext, reasons: string[]) => PolicyAction;

export const ERROR_POLICY: Record<FailureCondition, Row> = {
  consensus_timeout: ({ k, limits }, reasons) =>
    k < limits.maxK
      ? {
          kind: 'retry',
          k: k + 1,
          timeoutScale: 2,
          feedback: reasons,
          rollback: true,
          why: `consensus timed out: retry with k=${k + 1}`,
        }
      : { kind: 'escalate', why: `consensus timed out at the largest k (${limits.maxK})` },

  red_flagged: ({ redFlagAttempts, limits }, reasons) =>
    redFlagAttempts < limits.replanAfterRedFlags
      ? {
          kind: 'retry',
          feedback: reasons,
          rollback: true,
          why: `red flag: roll back and regenerate (${redFlagAttempts}/${limits.replanAfterRedFlags})`,
        }
      : { kind: 'replan', reasons, why: `red-flagged ${redFlagAttempts} times: re-plan requested` },

  no_consensus: () => ({ kind: 'escalate', why: 'all atoms failed consensus: a person decides' }),

  escalated: (_context, reasons) => ({
    kind: 'escalate',
    why: `escalated by the script: ${reasons.join('; ')}`,
  }),

  script_failed: ({ attempt, limits }, reasons) =>
    attempt < limits.maxAttempts
      ? {
          kind: 'retry',
          feedback: reasons,
          rollback: true,
          why: `attempt ${attempt} failed: retry (${attempt}/${limits.maxAttempts})`,
        }
      : { kind: 'fail', why: `failed after ${attempt} attempts: ${reasons.join('; ')}` },

  shadow_corrupt: (_context, reasons) => ({
    kind: 'emergency_stop',
    why: `shadow git corruption: ${reasons.join('; ')}`,
  }),
};

/** What to do about a failed attempt. */
export function decide(condition: FailureCondition, context: PolicyContext, reasons: string[]): PolicyAction {
  return ERROR_POLICY[condition](context, reasons);
}
