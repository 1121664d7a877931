import { FakeLlmServer } from '@maker/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from './chat-provider.js';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.js';
import { type LlmRetryInfo, RetryingProvider } from './retrying.provider.js';

const server = new FakeLlmServer({
  seed: 3,
  rules: [
    { match: 'slow', answer: 'late', latencyMs: 600 },
    { match: 'ramble', answer: 'word '.repeat(400) },
  ],
  defaultAnswer: 'The answer is 42.',
});
let baseUrl: string;

beforeAll(async () => {
  baseUrl = await server.start();
});
beforeEach(() => server.reset());
afterAll(() => server.stop());

const request = (content = 'What is six times seven?', extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content }],
  temperature: 0,
  maxTokens: 100,
  ...extra,
});

function stack(options: { timeoutMs?: number; maxRetries?: number; retries?: LlmRetryInfo[] } = {}) {
  const inner = new OpenAiCompatibleProvider({
    name: 'fake',
    baseUrl,
    apiKey: 'k',
    timeoutMs: options.timeoutMs ?? 5000,
  });
  return new RetryingProvider(inner, {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: 10,
    onRetry: (info) => options.retries?.push(info),
  });
}

describe('OpenAiCompatibleProvider + RetryingProvider against the fake server', () => {
  it('returns text, finish reason, usage and a priced cost', async () => {
    const completion = await stack().complete(request());
    expect(completion).toMatchObject({
      text: 'The answer is 42.',
      finishReason: 'stop',
      model: 'gpt-4.1-mini',
    });
    expect(completion.usage).toEqual({ promptTokens: 6, completionTokens: 5 }); // ceil(chars / 4)
    expect(completion.costUsd).toBeCloseTo((6 * 0.4 + 5 * 1.6) / 1e6, 15);
    expect(server.chatRequests()[0]!.body).toMatchObject({
      model: 'gpt-4.1-mini',
      temperature: 0,
      max_tokens: 100,
    });
  });

  it('reports truncation as finish reason "length" and prices unknown models at 0', async () => {
    const completion = await stack().complete(
      request('please ramble', { model: 'my-local-model', maxTokens: 50 }),
    );
    expect(completion.finishReason).toBe('length');
    expect(completion.usage.completionTokens).toBe(50);
    expect(completion.costUsd).toBe(0);
  });

  it('retries a 429 after the Retry-After seconds it was given', async () => {
    server.failNext({ status: 429, retryAfter: 1 });
    const retries: LlmRetryInfo[] = [];
    const started = Date.now();
    const completion = await stack({ retries }).complete(request());
    expect(completion.text).toBe('The answer is 42.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.chatRequests()).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toMatchObject({ code: 'llm_rate_limited', status: 429, retryAfterMs: 1000 });
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const retryAt = new Date(Date.now() + 1500);
    server.failNext({ status: 503, retryAfter: retryAt.toUTCString() });
    const retries: LlmRetryInfo[] = [];
    await stack({ retries }).complete(request());
    const [first, second] = server.chatRequests();
    expect(retries[0]!.error.retryAfterMs).toBeGreaterThan(0);
    expect(second!.time).toBeGreaterThanOrEqual(Math.floor(retryAt.getTime() / 1000) * 1000 - 50);
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(retries[0]!.error.retryAfterMs! - 50);
  });

  it('does not wait for a Retry-After beyond its bound: the 429 is thrown at once', async () => {
    server.failNext({ status: 429, retryAfter: 3600 });
    await expect(stack().complete(request())).rejects.toMatchObject({
      code: 'llm_rate_limited',
      retryAfterMs: 3_600_000,
    });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('retries 5xx with backoff until it succeeds', async () => {
    server.failNext({ status: 503 }, 2);
    const retries: LlmRetryInfo[] = [];
    const completion = await stack({ retries }).complete(request());
    expect(completion.text).toBe('The answer is 42.');
    expect(server.chatRequests()).toHaveLength(3);
    expect(retries.map((r) => r.error.code)).toEqual(['llm_server_error', 'llm_server_error']);
  });

  it('gives up after maxRetries with the last transient error', async () => {
    server.failNext({ status: 500 }, 5);
    await expect(stack({ maxRetries: 2 }).complete(request())).rejects.toMatchObject({
      name: 'LlmServerError',
      code: 'llm_server_error',
      transient: true,
    });
    expect(server.chatRequests()).toHaveLength(3);
  });

  it.each([
    [400, 'LlmBadRequestError', 'llm_bad_request'],
    [401, 'LlmAuthError', 'llm_auth'],
    [404, 'LlmNotFoundError', 'llm_not_found'],
  ])('does not retry a permanent %i', async (status, name, code) => {
    server.failNext({ status });
    await expect(stack().complete(request())).rejects.toMatchObject({ name, code, status, transient: false });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('times out a call after its own timeout (not the SDK 600 s), retrying it as transient', async () => {
    const started = Date.now();
    await expect(
      stack({ timeoutMs: 150, maxRetries: 1 }).complete(request('slow please')),
    ).rejects.toMatchObject({
      name: 'LlmTimeoutError',
      code: 'llm_timeout',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      stack().complete(request('slow please', { signal: controller.signal })),
    ).rejects.toMatchObject({
      code: 'llm_aborted',
    });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('classifies a refused connection as a transient connection error', async () => {
    const dead = new OpenAiCompatibleProvider({ baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 });
    await expect(dead.complete(request())).rejects.toMatchObject({ code: 'llm_connection', transient: true });
  });
});
