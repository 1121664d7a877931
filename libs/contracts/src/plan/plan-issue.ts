/**
 * Codes of plan validation errors. Part of the CLI and HTTP contract (DESIGN §12): never rename.
 */
export const PLAN_ISSUE_CODES = [
  'invalid_json',
  'invalid_schema',
  'empty_plan',
  'duplicate_task',
  'unknown_dependency',
  'self_dependency',
  'circular_dependency',
  'unsafe_task_id',
  'unknown_atom_type',
  'too_large',
] as const;

export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number];

/** One thing wrong with a submitted plan, precise enough to fix it. */
export interface PlanIssue {
  code: PlanIssueCode;
  message: string;
  /** The task the issue is about, when there is one. */
  task_id?: string;
  /** The field path (e.g. `micro_tasks.3.description`) for schema issues. */
  path?: string;
  /** For `circular_dependency`: the cycle, first id repeated at the end. */
  cycle?: string[];
  /** For `unknown_dependency`: the reference that resolved to nothing. */
  dependency?: string;
}

/** Thrown where a caller needs an exception instead of a result (queue intake, HTTP). */
export class PlanValidationError extends Error {
  readonly code = 'plan_invalid';
  constructor(readonly issues: PlanIssue[]) {
    super(`invalid plan: ${issues.map((i) => i.message).join('; ')}`);
    this.name = 'PlanValidationError';
  }

  /** True when the plan was rejected because its dependencies form a cycle. */
  get cycle(): string[] | undefined {
    return this.issues.find((i) => i.code === 'circular_dependency')?.cycle;
  }
}
