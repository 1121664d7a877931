import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LlmRateLimitWaitExceededError } from './llm-errors.js';
import { sleep } from './retry-after.js';

/** Reported each time a caller had to wait for a global rate-limit slot. */
export interface RateLimitWaitInfo {
  /** The limited scope, `provider:model`. */
  scope: string;
  /** Which budget was exhausted. */
  limit: 'requests' | 'tokens';
  waitMs: number;
}

/** Options of {@link RedisLlmRateLimiter}. */
export interface RedisLlmRateLimiterOptions {
  /** A connected ioredis client shared by the process (not closed by the limiter). */
  redis: Redis;
  /** Redis key prefix; every process sharing a budget must use the same one. @defaultValue 'maker:llm-rate' */
  keyPrefix?: string;
  /** Requests per window per scope; unset = unlimited. */
  requestsPerMinute?: number;
  /** Tokens (prompt estimate + output cap, settled to actual usage) per window per scope; unset = unlimited. */
  tokensPerMinute?: number;
  /** Window length in whole seconds (tests shorten it). @defaultValue 60 */
  windowSeconds?: number;
  /** Longest a caller waits for a slot before {@link LlmRateLimitWaitExceededError}. @defaultValue 120000 */
  maxWaitMs?: number;
  onWait?: (info: RateLimitWaitInfo) => void;
}

/** A granted slot; `settle` corrects the token reservation to the tokens really used. */
export interface RateLimitPermit {
  waitedMs: number;
  settle(actualTokens: number): Promise<void>;
}

/**
 * A global limiter of requests and tokens per minute per `provider:model`, kept in Redis with
 * rate-limiter-flexible so that every executor process shares one budget. Callers wait for a slot
 * (bounded by `maxWaitMs`).
 */
export class RedisLlmRateLimiter {
  private readonly requests?: RateLimiterRedis;
  private readonly tokens?: RateLimiterRedis;
  private readonly maxWaitMs: number;

  constructor(private readonly options: RedisLlmRateLimiterOptions) {
    const prefix = options.keyPrefix ?? 'maker:llm-rate';
    const duration = options.windowSeconds ?? 60;
    const make = (points: number, kind: string) =>
      new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${prefix}:${kind}`, points, duration });
    if (options.requestsPerMinute) this.requests = make(options.requestsPerMinute, 'rpm');
    if (options.tokensPerMinute) this.tokens = make(options.tokensPerMinute, 'tpm');
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
  }

  /** Waits for one request slot and `estimatedTokens` of token budget in `scope`. */
  async acquire(scope: string, estimatedTokens: number, signal?: AbortSignal): Promise<RateLimitPermit> {
    const started = Date.now();
    const reserved = this.tokens
      ? Math.min(Math.max(1, Math.ceil(estimatedTokens)), this.options.tokensPerMinute!)
      : 0;
    for (;;) {
      const blocked = await this.tryTake(scope, reserved);
      if (!blocked) {
        return { waitedMs: Date.now() - started, settle: (actual) => this.settle(scope, reserved, actual) };
      }
      const remaining = this.maxWaitMs - (Date.now() - started);
      if (blocked.waitMs > remaining) {
        throw new LlmRateLimitWaitExceededError(
          `no ${blocked.limit} slot for ${scope} within ${this.maxWaitMs} ms`,
          undefined,
          blocked.waitMs,
        );
      }
      const waitMs = blocked.waitMs + Math.round(Math.random() * 50);
      this.options.onWait?.({ scope, limit: blocked.limit, waitMs });
      await sleep(waitMs, signal);
    }
  }

  private async tryTake(
    scope: string,
    tokens: number,
  ): Promise<{ limit: 'requests' | 'tokens'; waitMs: number } | undefined> {
    const requestWait = this.requests ? await consume(this.requests, scope, 1) : undefined;
    if (requestWait !== undefined) return { limit: 'requests', waitMs: requestWait };
    const tokenWait = this.tokens && tokens > 0 ? await consume(this.tokens, scope, tokens) : undefined;
    if (tokenWait === undefined) return undefined;
    if (this.requests) await this.requests.reward(scope, 1);
    return { limit: 'tokens', waitMs: tokenWait };
  }

  private async settle(scope: string, reserved: number, actual: number): Promise<void> {
    if (!this.tokens || reserved === 0) return;
    const difference = reserved - Math.ceil(actual);
    if (difference > 0) await this.tokens.reward(scope, difference);
    else if (difference < 0) await this.tokens.penalty(scope, -difference);
  }
}

/** Consumes points; returns undefined when granted, else ms until the window frees points. */
async function consume(limiter: RateLimiterRedis, key: string, points: number): Promise<number | undefined> {
  try {
    await limiter.consume(key, points);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  }
}
