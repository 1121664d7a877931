import { LlmAbortedError } from './llm-errors.js';

/**
 * Parses a Retry-After header value (delta seconds, or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unparsable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** First retry's base delay. @defaultValue 500 */
  baseDelayMs?: number;
  /** Upper bound of one exponential delay. @defaultValue 30000 */
  maxDelayMs?: number;
}

/**
 * Exponential backoff with jitter for retry number `attempt` (0-based): a uniform draw in
 * [½·d, d] where d = min(maxDelay, base·2^attempt).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseDelayMs ?? 500;
  const ceiling = Math.min(options.maxDelayMs ?? 30_000, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Sleeps `ms`; rejects with an {@link LlmAbortedError} as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmAbortedError('LLM call aborted while waiting'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmAbortedError('LLM call aborted while waiting'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
