import type { ChatCompletion, ChatProvider, ChatRequest } from './chat-provider.js';
import { LlmError, LlmRateLimitWaitExceededError } from './llm-errors.js';
import { backoffDelay, sleep } from './retry-after.js';

/** Reported before each retry (for logs and metrics). */
export interface LlmRetryInfo {
  provider: string;
  model: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: LlmError;
}

/** Options of {@link RetryingProvider}. */
export interface RetryOptions {
  /** Retries after the first attempt. @defaultValue 4 */
  maxRetries?: number;
  /** @defaultValue 500 */
  baseDelayMs?: number;
  /** @defaultValue 30000 */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown at once. @defaultValue 60000 */
  maxRetryAfterMs?: number;
  onRetry?: (info: LlmRetryInfo) => void;
  /** @defaultValue Math.random */
  random?: () => number;
}

/**
 * Retries transient {@link LlmError}s (429, 5xx, timeouts, connection errors) with exponential
 * backoff and jitter, waiting at least the provider's Retry-After; permanent errors, and a global
 * rate-limit wait that ran out of budget, are thrown at once.
 */
export class RetryingProvider implements ChatProvider {
  readonly name: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly options: RetryOptions = {},
  ) {
    this.name = inner.name;
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const started = Date.now();
    const maxRetries = this.options.maxRetries ?? 4;
    for (let retry = 0; ; retry++) {
      try {
        const completion = await this.inner.complete(request);
        return { ...completion, latencyMs: Date.now() - started };
      } catch (error) {
        if (!(error instanceof LlmError) || !error.transient || retry >= maxRetries) throw error;
        if (error instanceof LlmRateLimitWaitExceededError) throw error; // it has already waited its full budget
        const delayMs = this.delayFor(error, retry);
        if (delayMs === undefined) throw error;
        this.options.onRetry?.({
          provider: this.name,
          model: request.model,
          retry: retry + 1,
          delayMs,
          error,
        });
        await sleep(delayMs, request.signal);
      }
    }
  }

  private delayFor(error: LlmError, retry: number): number | undefined {
    const backoff = backoffDelay(retry, this.options, this.options.random);
    if (error.retryAfterMs === undefined) return backoff;
    if (error.retryAfterMs > (this.options.maxRetryAfterMs ?? 60_000)) return undefined;
    return Math.max(error.retryAfterMs, Math.min(backoff, error.retryAfterMs + 1000));
  }
}
