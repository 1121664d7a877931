import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLlmServer, type FakeLlmServerOptions } from './fake-llm-server.js';

const servers: FakeLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function started(options: FakeLlmServerOptions = {}) {
  const server = new FakeLlmServer(options);
  servers.push(server);
  return { server, baseUrl: await server.start() };
}

async function chat(baseUrl: string, content: string, extra: object = {}) {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], ...extra }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('FakeLlmServer', () => {
  it('answers chat completions in the OpenAI shape with usage from text length, and lists models', async () => {
    const { baseUrl } = await started({ defaultAnswer: 'twelve chars' });
    const { status, body } = await chat(baseUrl, 'abcdefgh');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'twelve chars' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
    });
    const models = (await (await fetch(`${baseUrl}/models`)).json()) as any;
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['fake-model']);
  });

  it('is deterministic by seed: the same prompts get the same right/wrong sequence', async () => {
    const rules = [{ match: /^Q\d/, answer: 'right', wrongAnswers: ['w1', 'w2'], pCorrect: 0.5 }];
    const run = async (seed: number) => {
      const { baseUrl } = await started({ seed, rules });
      const out: string[] = [];
      for (let i = 0; i < 30; i++)
        out.push((await chat(baseUrl, `Q${i % 3}`)).body.choices[0].message.content);
      return out;
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set(['right', 'w1', 'w2']));
  });

  it('serves recorded answers by exact last user message before the rules', async () => {
    const { baseUrl } = await started({ answers: { 'ping?': 'pong' }, rules: [{ answer: 'rule' }] });
    expect((await chat(baseUrl, 'ping?')).body.choices[0].message.content).toBe('pong');
    expect((await chat(baseUrl, 'other')).body.choices[0].message.content).toBe('rule');
  });

  it('programs over-long answers, malformed answers, 5xx, and 429 with Retry-After', async () => {
    const { server, baseUrl } = await started({
      rules: [
        { match: 'long', answer: 'ok', lengthRate: 1 },
        { match: 'bad', answer: 'ok', malformedRate: 1, malformedAnswer: '{"x":' },
        { match: 'flaky', answer: 'ok', errorRate: 1, failure: { status: 503 } },
      ],
    });
    const long = await chat(baseUrl, 'long', { max_tokens: 20 });
    expect(long.body.choices[0].finish_reason).toBe('length');
    expect(long.body.usage.completion_tokens).toBe(20);
    expect((await chat(baseUrl, 'bad')).body.choices[0].message.content).toBe('{"x":');
    expect((await chat(baseUrl, 'flaky')).status).toBe(503);
    server.failNext({ status: 429, retryAfter: 2 });
    const limited = await chat(baseUrl, 'anything');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body.error.message).toMatch(/429/);
  });

  it('fails the first N requests of a prompt when programmed to (failFirst)', async () => {
    const { baseUrl } = await started({
      rules: [{ match: 'busy', answer: 'done', failFirst: 2, failure: { status: 429, retryAfter: 1 } }],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(baseUrl, 'busy')).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect((await chat(baseUrl, 'busy now')).status).toBe(429);
  });

  it('delays answers by the programmed latency', async () => {
    const { baseUrl } = await started({ rules: [{ answer: 'slow', latencyMs: 120 }] });
    const t = Date.now();
    await chat(baseUrl, 'x');
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });

  it('logs every request with method, body and time, searchable by prompt', async () => {
    const { server, baseUrl } = await started();
    const before = Date.now();
    await chat(baseUrl, 'find the bug in foo()');
    await chat(baseUrl, 'write bar()');
    await fetch(`${baseUrl}/models`);
    expect(server.requests).toHaveLength(3);
    expect(server.requestsMatching(/foo\(\)/)).toHaveLength(1);
    expect(server.requestsMatching('bar')[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
    });
    expect(server.requestsMatching('bar')[0]!.body.messages[0].content).toBe('write bar()');
    expect(server.requests[0]!.time).toBeGreaterThanOrEqual(before);
  });

  it('rejects bad requests, unknown routes and wrong API keys', async () => {
    const { baseUrl } = await started({ apiKey: 'k' });
    expect((await chat(baseUrl, 'x')).status).toBe(401);
    const ok = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: 'nope',
    });
    expect(ok.status).toBe(400);
    expect((await fetch(`${baseUrl}/nothing`, { headers: { authorization: 'Bearer k' } })).status).toBe(404);
  });

  it('runs standalone with --port and --answers, printing its base URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-llm-'));
    const file = join(dir, 'answers.json');
    writeFileSync(
      file,
      JSON.stringify({
        seed: 5,
        answers: { hello: 'world' },
        rules: [{ match: 'Q[0-9]', matchRegex: true, answer: 'A' }],
      }),
    );
    const main = fileURLToPath(new URL('../dist/fake-llm-server.main.js', import.meta.url));
    const child = spawn(process.execPath, [main, '--port', '0', '--answers', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once('line', resolve),
      );
      const { baseUrl } = JSON.parse(line) as { baseUrl: string };
      expect((await chat(baseUrl, 'hello')).body.choices[0].message.content).toBe('world');
      expect((await chat(baseUrl, 'Q7?')).body.choices[0].message.content).toBe('A');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
