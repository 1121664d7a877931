import type { PlanIssue } from '@maker/contracts';

/** Base class of every error this client throws; `code` is stable and machine-readable. */
export class MakerClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Body of an error answer of the plan API (`{error, message, issues?, cycle?, status?}`). */
export interface ApiErrorBody {
  error?: string;
  message?: string;
  issues?: PlanIssue[];
  cycle?: string[];
  status?: string;
  [extra: string]: unknown;
}

/**
 * The plan API answered with an error status. `code` is the body's `error` field
 * (`invalid_plan`, `circular_dependency`, `too_large`, `plan_id_conflict`, `not_found`, `conflict`,
 * `unauthorized`, `invalid_body`, …), or `http_<status>` when the body had none.
 */
export class MakerApiError extends MakerClientError {
  /** Validation issues of a rejected plan (400, 413, 422). */
  readonly issues: PlanIssue[];
  /** The cycle of a `circular_dependency` rejection, first id repeated at the end. */
  readonly cycle?: string[];
  /** For 409 `conflict`: the plan or task status that refused the action. */
  readonly currentStatus?: string;

  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly method: string,
    readonly path: string,
  ) {
    super(body.message ?? `${method} ${path} answered ${status}`, body.error ?? `http_${status}`);
    this.issues = Array.isArray(body.issues) ? body.issues : [];
    this.cycle = Array.isArray(body.cycle) ? body.cycle : undefined;
    this.currentStatus = typeof body.status === 'string' ? body.status : undefined;
  }
}

/** The API could not be reached (connection refused, DNS, reset) or answered something that is not the API. */
export class MakerConnectionError extends MakerClientError {
  constructor(
    readonly url: string,
    readonly cause?: unknown,
  ) {
    super(`cannot reach ${url}: ${describeCause(cause)}`, 'unreachable');
  }
}

/** A plan was refused before or during intake (local zod check, or the queue job failed). */
export class MakerPlanRejectedError extends MakerClientError {
  constructor(
    message: string,
    readonly issues: PlanIssue[] = [],
    code = 'invalid_plan',
  ) {
    super(message, code);
  }

  /** The cycle when the plan was refused for a circular dependency. */
  get cycle(): string[] | undefined {
    return this.issues.find((i) => i.code === 'circular_dependency')?.cycle;
  }
}

/** A wait (`waitForCompletion`, `waitForPlanId`) ran out of time. */
export class MakerTimeoutError extends MakerClientError {
  constructor(
    message: string,
    readonly timeoutMs: number,
    /** For plan waits: the last event seq seen, where a new wait can resume. */
    readonly lastSeq?: number,
  ) {
    super(message, 'timeout');
  }
}

/**
 * The event stream skipped sequence numbers (events trimmed by retention, or a broken server):
 * a subscriber can no longer prove it missed nothing.
 */
export class MakerEventGapError extends MakerClientError {
  constructor(
    readonly planId: string,
    readonly expectedSeq: number,
    readonly receivedSeq: number,
  ) {
    super(`plan ${planId}: expected event seq ${expectedSeq}, received ${receivedSeq}`, 'event_gap');
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause ?? 'unknown error');
  const inner = (cause as Error & { cause?: { code?: string; message?: string } }).cause;
  return inner?.code ?? inner?.message ?? cause.message;
}
