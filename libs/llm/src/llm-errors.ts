/** Stable codes of LLM errors (persisted in events and metrics). */
export type LlmErrorCode =
  | 'llm_rate_limited'
  | 'llm_server_error'
  | 'llm_timeout'
  | 'llm_connection'
  | 'llm_bad_response'
  | 'llm_bad_request'
  | 'llm_auth'
  | 'llm_not_found'
  | 'llm_aborted'
  | 'llm_rate_limit_wait_exceeded'
  | 'llm_config';

/** Base class: `transient` errors may succeed when retried; permanent ones never will. */
export abstract class LlmError extends Error {
  abstract readonly code: LlmErrorCode;
  abstract readonly transient: boolean;

  constructor(
    message: string,
    /** HTTP status when the provider answered. */
    readonly status?: number,
    /** Delay the provider asked for (Retry-After), in ms. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** HTTP 429 from the provider. */
export class LlmRateLimitedError extends LlmError {
  readonly code = 'llm_rate_limited';
  readonly transient = true;
}

/** HTTP 5xx (and 408/409) from the provider. */
export class LlmServerError extends LlmError {
  readonly code = 'llm_server_error';
  readonly transient = true;
}

/** The per-call timeout elapsed. */
export class LlmTimeoutError extends LlmError {
  readonly code = 'llm_timeout';
  readonly transient = true;
}

/** The connection failed (refused, reset, DNS). */
export class LlmConnectionError extends LlmError {
  readonly code = 'llm_connection';
  readonly transient = true;
}

/** The provider answered 200 with no usable choice. */
export class LlmBadResponseError extends LlmError {
  readonly code = 'llm_bad_response';
  readonly transient = true;
}

/** HTTP 400/413/422: the request itself is wrong. */
export class LlmBadRequestError extends LlmError {
  readonly code = 'llm_bad_request';
  readonly transient = false;
}

/** HTTP 401/403: missing or wrong API key. */
export class LlmAuthError extends LlmError {
  readonly code = 'llm_auth';
  readonly transient = false;
}

/** HTTP 404: unknown model or endpoint. */
export class LlmNotFoundError extends LlmError {
  readonly code = 'llm_not_found';
  readonly transient = false;
}

/** The caller aborted the call through its signal. */
export class LlmAbortedError extends LlmError {
  readonly code = 'llm_aborted';
  readonly transient = false;
}

/** The global rate limiter had no slot within the bounded wait. */
export class LlmRateLimitWaitExceededError extends LlmError {
  readonly code = 'llm_rate_limit_wait_exceeded';
  readonly transient = true;
}

/** Invalid LLM configuration (unknown provider, missing key or base URL). */
export class LlmConfigError extends LlmError {
  readonly code = 'llm_config';
  readonly transient = false;
}

/** Classifies an HTTP status into the matching error class. */
export function errorForStatus(
  status: number,
  message: string,
  retryAfterMs?: number,
  cause?: unknown,
): LlmError {
  const opts = { cause };
  if (status === 429) return new LlmRateLimitedError(message, status, retryAfterMs, opts);
  if (status >= 500 || status === 408 || status === 409)
    return new LlmServerError(message, status, retryAfterMs, opts);
  if (status === 401 || status === 403) return new LlmAuthError(message, status, undefined, opts);
  if (status === 404) return new LlmNotFoundError(message, status, undefined, opts);
  return new LlmBadRequestError(message, status, undefined, opts);
}
