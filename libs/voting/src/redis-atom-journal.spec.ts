import { randomUUID } from 'node:crypto';
import { OpenAiCompatibleProvider } from '@maker/llm';
import { FakeLlmServer } from '@maker/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AtomCallRef } from './atom-journal.js';
import { type CompletionProvider, createAtomSampler } from './atom-sampler.js';
import { runVote } from './first-to-ahead-by-k.js';
import { RedisAtomJournal } from './redis-atom-journal.js';
import { spawnAtom } from './spawn-atom.js';

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const server = new FakeLlmServer({
  seed: 11,
  rules: [
    { match: 'Which color', answer: 'blue', wrongAnswers: ['green', 'red'], pCorrect: 0.7 },
    { match: 'Say hi', answer: 'hi' },
  ],
});
let provider: CompletionProvider;
let prefix: string;

beforeAll(async () => {
  provider = new OpenAiCompatibleProvider({ baseUrl: await server.start(), timeoutMs: 5000 });
});
afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
});
afterAll(async () => {
  await server.stop();
  redis.disconnect();
});

function freshJournal() {
  prefix = `test:${randomUUID()}`;
  return new RedisAtomJournal({ redis, prefix, ttlSeconds: 60 });
}

const call = (callIndex: number): AtomCallRef => ({
  planId: 'plan-1',
  taskId: 'task-a',
  attempt: 1,
  callIndex,
});
const colorSampler = () =>
  createAtomSampler({
    provider,
    atomType: 'Planner',
    model: 'fake-model',
    prompt: 'Which color is the sky?',
  });

describe('RedisAtomJournal', () => {
  it('replays a finished vote with zero provider requests and an identical result', async () => {
    const journal = freshJournal();
    const options = { k: 3, journal: { journal, call: call(0) } };
    const first = await runVote(colorSampler(), options);
    const requestsAfterFirst = server.chatRequests().length;
    expect(first.status).toBe('decided');
    expect(first.samples).toBeGreaterThanOrEqual(3);
    const again = await runVote(colorSampler(), options);
    expect(server.chatRequests().length).toBe(requestsAfterFirst);
    expect({ ...again, replayed: false }).toStrictEqual(first);
    expect(again.replayed).toBe(true);
  });

  it('replays journaled samples of a vote interrupted before its result, calling the provider for none of them', async () => {
    const journal = freshJournal();
    const binding = { journal, call: call(1) };
    const first = await runVote(colorSampler(), { k: 3, journal: binding });
    await redis.hdel(journal.keyOf(call(1)), 'result'); // as if the executor died before recording the result
    const before = server.chatRequests().length;
    const replayedSamples: boolean[] = [];
    const again = await runVote(colorSampler(), {
      k: 3,
      journal: binding,
      onSample: (e) => replayedSamples.push(e.replayed),
    });
    expect(server.chatRequests().length).toBe(before);
    expect(replayedSamples.every(Boolean)).toBe(true);
    expect({ ...again, elapsedMs: 0 }).toStrictEqual({ ...first, elapsedMs: 0 });
  });

  it('journals a single spawn_atom call and replays it', async () => {
    const journal = freshJournal();
    const sampler = createAtomSampler({
      provider,
      atomType: 'Planner',
      model: 'fake-model',
      prompt: 'Say hi',
    });
    const first = await spawnAtom(sampler, { journal: { journal, call: call(2) } });
    const before = server.chatRequests().length;
    const again = await spawnAtom(sampler, { journal: { journal, call: call(2) } });
    expect(server.chatRequests().length).toBe(before);
    expect(first).toMatchObject({ status: 'ok', sample: { text: 'hi' }, replayed: false });
    expect(again).toMatchObject({
      status: 'ok',
      sample: first.status === 'ok' ? first.sample : {},
      replayed: true,
    });
  });

  it('keeps the first write of a sample: the same (call, sample index) always maps to one sample', async () => {
    const journal = freshJournal();
    const a = await journal.recordSample(call(3), 0, { text: 'first', redFlags: [] });
    const b = await journal.recordSample(call(3), 0, { text: 'second', redFlags: [] });
    expect(a.text).toBe('first');
    expect(b.text).toBe('first');
    const loaded = await journal.load(call(3));
    expect(loaded.samples.get(0)?.text).toBe('first');
    expect(await redis.ttl(journal.keyOf(call(3)))).toBeGreaterThan(0);
    expect(journal.keyOf(call(3))).toBe(`${prefix}:journal:plan-1:task-a:1:3`);
  });
});
