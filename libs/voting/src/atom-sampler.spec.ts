import { VARIANT_FRAMINGS } from '@maker/atoms';
import { OpenAiCompatibleProvider, RetryingProvider } from '@maker/llm';
import { FakeLlmServer } from '@maker/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAtomSampler } from './atom-sampler.js';
import { runVote } from './first-to-ahead-by-k.js';
import { toVoteHostResult } from './host-results.js';
import { spawnAtom } from './spawn-atom.js';
import type { RedFlagEvent } from './vote-types.js';

const verdict = '{"verdict":"APPROVE","issues":[],"summary":"adds sum() correctly"}';
const server = new FakeLlmServer({
  seed: 21,
  rules: [
    {
      match: 'Review the sum change',
      answer: verdict,
      malformedRate: 0.25,
      lengthRate: 0.2,
      malformedAnswer: 'Looks good to me!',
    },
    {
      match: 'Write sum',
      answer: 'FILE: src/sum.ts\n```ts\nexport const sum = (a: number, b: number) => a + b;\n```',
    },
  ],
});
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await server.start();
});
beforeEach(() => server.reset());
afterAll(() => server.stop());

const provider = () =>
  new RetryingProvider(new OpenAiCompatibleProvider({ baseUrl, timeoutMs: 5000 }), { maxRetries: 0 });

describe('createAtomSampler with the HTTP provider and the fake server', () => {
  it('red-flags malformed and truncated Reviewer answers and decides on the valid JSON verdict', async () => {
    const flags: RedFlagEvent[] = [];
    const sampler = createAtomSampler({
      provider: provider(),
      atomType: 'Reviewer',
      model: 'fake-model',
      maxTokens: 200,
      prompt: 'Review the sum change',
    });
    const outcome = await runVote(sampler, { k: 3, matcher: 'json', onRedFlag: (e) => flags.push(e) });
    expect(outcome.status).toBe('decided');
    expect(outcome.status === 'decided' && outcome.winner).toBe(verdict);
    expect(outcome.discarded).toBeGreaterThan(0);
    expect(outcome.discarded).toBe(flags.length);
    const codes = new Set(flags.flatMap((f) => f.flags.map((x) => x.code)));
    expect(codes.has('contract_violation')).toBe(true);
    expect(codes.has('truncated')).toBe(true);
    expect(server.chatRequests()).toHaveLength(outcome.samples);
    const canonical = '{"issues":[],"summary":"adds sum() correctly","verdict":"APPROVE"}';
    expect(toVoteHostResult(outcome)).toMatchObject({
      is_ok: true,
      value: verdict,
      votes: { [canonical]: 3 },
    });
  });

  it('retries a failing atom with the alternative prompt variant (different wording, non-zero temperature)', async () => {
    server.failNext({ status: 500 });
    const sampler = createAtomSampler({
      provider: provider(),
      atomType: 'Coder',
      model: 'fake-model',
      prompt: 'Write sum',
    });
    const outcome = await spawnAtom(sampler);
    expect(outcome).toMatchObject({ status: 'ok', sample: { variant: 1, temperature: 0.1 } });
    const [failed, retried] = server.chatRequests();
    expect(failed!.body.messages[0].content).toContain(VARIANT_FRAMINGS[0]);
    expect(retried!.body.messages[0].content).toContain(VARIANT_FRAMINGS[1]);
    expect([failed!.body.temperature, retried!.body.temperature]).toEqual([0, 0.1]);
  });
});
