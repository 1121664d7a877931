import { randomUUID } from 'node:crypto';
import { FakeLlmServer } from '@maker/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatProvider, ChatRequest } from './chat-provider.js';
import { resolveLlmSettings } from './llm-settings.js';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.js';
import { createChatProvider } from './provider-factory.js';
import { RateLimitedProvider } from './rate-limited.provider.js';
import {
  type RateLimitWaitInfo,
  RedisLlmRateLimiter,
  type RedisLlmRateLimiterOptions,
} from './redis-rate-limiter.js';

// Two "executor processes": each has its own Redis connection, limiter and provider; they share only Redis.
const connections = [new Redis('redis://127.0.0.1:6379'), new Redis('redis://127.0.0.1:6379')];
const server = new FakeLlmServer({ defaultAnswer: 'ok' });
let baseUrl: string;
let keyPrefix: string;

beforeAll(async () => {
  baseUrl = await server.start();
});
beforeEach(() => {
  server.reset();
  keyPrefix = `test:${randomUUID()}:llm-rate`;
});
afterEach(async () => {
  const keys = await connections[0]!.keys(`${keyPrefix}*`);
  if (keys.length) await connections[0]!.del(...keys);
});
afterAll(async () => {
  await server.stop();
  for (const c of connections) c.disconnect();
});

function twoProcesses(options: Omit<RedisLlmRateLimiterOptions, 'redis' | 'keyPrefix'>): ChatProvider[] {
  return connections.map((redis) => {
    const limiter = new RedisLlmRateLimiter({ ...options, redis, keyPrefix });
    return new RateLimitedProvider(
      new OpenAiCompatibleProvider({ name: 'fake', baseUrl, timeoutMs: 5000 }),
      limiter,
    );
  });
}

const request = (model = 'm1', maxTokens = 50): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: 'hello' }],
  temperature: 0,
  maxTokens,
});

describe('RedisLlmRateLimiter shared by two providers', () => {
  it('enforces requests per minute across both, per provider+model', async () => {
    const [a, b] = twoProcesses({ requestsPerMinute: 3, maxWaitMs: 200 });
    await a!.complete(request());
    await b!.complete(request());
    await a!.complete(request());
    await expect(b!.complete(request())).rejects.toMatchObject({
      code: 'llm_rate_limit_wait_exceeded',
      transient: true,
    });
    await expect(a!.complete(request())).rejects.toMatchObject({ code: 'llm_rate_limit_wait_exceeded' });
    expect(server.chatRequests()).toHaveLength(3);
    await b!.complete(request('m2'));
    expect(server.chatRequests()).toHaveLength(4);
  });

  it('makes callers wait for the next window and reports each wait', async () => {
    const waits: RateLimitWaitInfo[] = [];
    const [a, b] = twoProcesses({
      requestsPerMinute: 2,
      windowSeconds: 1,
      maxWaitMs: 5000,
      onWait: (w) => waits.push(w),
    });
    await Promise.all([
      a!.complete(request()),
      b!.complete(request()),
      a!.complete(request()),
      b!.complete(request()),
    ]);
    const times = server
      .chatRequests()
      .map((r) => r.time)
      .sort((x, y) => x - y);
    expect(times).toHaveLength(4);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(900);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toMatchObject({ scope: 'fake:m1', limit: 'requests' });
  });

  it('enforces tokens per minute, reserving prompt + output cap and settling to real usage', async () => {
    const waits: RateLimitWaitInfo[] = [];
    const [a, b] = twoProcesses({ tokensPerMinute: 1000, maxWaitMs: 200, onWait: (w) => waits.push(w) });
    for (let i = 0; i < 6; i++) await (i % 2 ? a! : b!).complete(request('m1', 400)); // 6 × ~402 reserved, ~3 used
    expect(server.chatRequests()).toHaveLength(6);
    const concurrent = await Promise.allSettled([
      a!.complete(request('m1', 400)),
      b!.complete(request('m1', 400)),
      a!.complete(request('m1', 400)),
    ]);
    const rejected = concurrent.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({
      code: 'llm_rate_limit_wait_exceeded',
      message: expect.stringContaining('tokens'),
    });
  });

  it('lets a caller abort while it waits for a slot', async () => {
    const [a, b] = twoProcesses({ requestsPerMinute: 1, maxWaitMs: 60_000 });
    await a!.complete(request());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(b!.complete({ ...request(), signal: controller.signal })).rejects.toMatchObject({
      code: 'llm_aborted',
    });
  });

  it('is wired by the factory from MAKER_LLM_RPM, and a spent wait budget is not retried again', async () => {
    const retries: unknown[] = [];
    const waits: RateLimitWaitInfo[] = [];
    const config = resolveLlmSettings({
      MAKER_LLM_PROVIDER: 'openai-compatible',
      MAKER_LLM_BASE_URL: baseUrl,
      MAKER_LLM_RPM: '1',
      MAKER_LLM_RATE_LIMIT_MAX_WAIT_MS: '100',
    });
    const deps = {
      redis: connections[0]!,
      rateLimitKeyPrefix: keyPrefix,
      onRetry: (r: unknown) => retries.push(r),
    };
    const provider = createChatProvider(config, { ...deps, onRateLimitWait: (w) => waits.push(w) });
    await provider.complete({ ...request(), model: config.model });
    await expect(provider.complete({ ...request(), model: config.model })).rejects.toMatchObject({
      code: 'llm_rate_limit_wait_exceeded',
    });
    expect(server.chatRequests()).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});
