import { describe, expect, it } from 'vitest';
import { runVote } from './first-to-ahead-by-k.js';
import type { SampleRequest, SampleResult, Sampler, VoteOptions } from './vote-types.js';

const FLAG = '!flag';

/** Answers by sample index from a script; `!flag…` answers come back red-flagged. Records rounds. */
function scripted(answers: string[] | ((i: number) => string), latencyMs = 0) {
  const requests: SampleRequest[] = [];
  const batches: number[][] = [];
  let inFlight = 0;
  const sampler: Sampler = async (request) => {
    requests.push(request);
    if (inFlight === 0) batches.push([]);
    inFlight++;
    batches[batches.length - 1]!.push(request.sampleIndex);
    await new Promise((r) => setTimeout(r, latencyMs));
    inFlight--;
    const text = typeof answers === 'function' ? answers(request.sampleIndex) : answers[request.sampleIndex];
    if (text === undefined) throw new Error(`script has no sample ${request.sampleIndex}`);
    const redFlags = text.startsWith(FLAG)
      ? [{ code: 'too_long', reason: `flagged ${request.sampleIndex}` }]
      : [];
    return { text, redFlags, completionTokens: text.length } satisfies SampleResult;
  };
  return { sampler, requests, batches };
}

const vote = (answers: string[] | ((i: number) => string), options: Partial<VoteOptions> & { k: number }) => {
  const s = scripted(answers);
  return runVote(s.sampler, options).then((outcome) => ({ outcome, ...s }));
};

describe('runVote (first-to-ahead-by-k)', () => {
  it.each([
    { k: 1, answers: ['A'], samples: 1 },
    { k: 2, answers: ['A', 'A'], samples: 2 },
    { k: 3, answers: ['A', 'A', 'A'], samples: 3 },
    { k: 5, answers: ['A', 'A', 'A', 'A', 'A'], samples: 5 },
  ])('a lone candidate needs k=$k votes, not 2', async ({ k, answers, samples }) => {
    const { outcome } = await vote(answers, { k });
    expect(outcome).toMatchObject({ status: 'decided', winner: 'A', samples, rounds: 1, votes: { A: k } });
  });

  it.each([
    {
      k: 2,
      answers: ['A', 'B', 'A', 'A'],
      winner: 'A',
      batches: [
        [0, 1],
        [2, 3],
      ],
    },
    {
      k: 3,
      answers: ['A', 'A', 'B', 'A', 'A'],
      winner: 'A',
      batches: [
        [0, 1, 2],
        [3, 4],
      ],
    },
    {
      k: 3,
      answers: ['A', 'B', 'C', 'B', 'B', 'B'],
      winner: 'B',
      batches: [
        [0, 1, 2],
        [3, 4, 5],
      ],
    },
    {
      k: 2,
      answers: ['A', 'B', 'B', 'A', 'B', 'B'],
      winner: 'B',
      batches: [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
    },
    {
      k: 3,
      answers: ['B', 'A', 'A', 'A', 'B', 'A', 'A'],
      winner: 'A',
      batches: [
        [0, 1, 2],
        [3, 4],
        [5, 6],
      ],
    },
  ])("draws k first, then only the leader's deficit in parallel: $answers → $winner", async (c) => {
    const { outcome, batches } = await vote(c.answers, { k: c.k });
    expect(outcome.status).toBe('decided');
    expect(outcome.status === 'decided' && outcome.winner).toBe(c.winner);
    expect(batches).toEqual(c.batches);
    expect(outcome.rounds).toBe(c.batches.length);
    expect(outcome.samples).toBe(c.answers.length);
  });

  it("requires the winner to lead every other candidate by k, counting the leader's deficit to the runner-up", async () => {
    const { outcome, batches } = await vote(['A', 'B', 'A', 'C', 'B', 'A', 'A'], { k: 2 });
    expect(outcome).toMatchObject({
      status: 'decided',
      winner: 'A',
      votes: { A: 4, B: 2, C: 1 },
      samples: 7,
    });
    expect(batches).toEqual([[0, 1], [2, 3], [4], [5, 6]]);
  });

  it('never lets red-flagged samples vote, and redraws them because they cannot decide', async () => {
    const { outcome, batches } = await vote([`${FLAG}A`, `${FLAG}A`, 'A', 'A', 'A'], { k: 3 });
    expect(outcome).toMatchObject({
      status: 'decided',
      winner: 'A',
      votes: { A: 3 },
      discarded: 2,
      samples: 5,
    });
    expect(batches).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(outcome.redFlags).toEqual([
      { sampleIndex: 0, reasons: ['flagged 0'] },
      { sampleIndex: 1, reasons: ['flagged 1'] },
    ]);
  });

  it('discards answers the matcher cannot compare (e.g. invalid JSON under the json matcher)', async () => {
    const { outcome } = await vote(['{"a":1}', 'not json', '{ "a": 1 }'], { k: 2, matcher: 'json' });
    expect(outcome).toMatchObject({ status: 'decided', winner: '{"a":1}', discarded: 1, samples: 3 });
  });

  it('discards a truncated sample (finish reason length) even when the sampler did not flag it', async () => {
    const sampler: Sampler = async ({ sampleIndex }) => ({
      text: 'A',
      redFlags: [],
      finishReason: sampleIndex === 0 ? 'length' : 'stop',
    });
    const outcome = await runVote(sampler, { k: 2 });
    expect(outcome).toMatchObject({ status: 'decided', samples: 3, discarded: 1 });
    expect(outcome.redFlags).toEqual([{ sampleIndex: 0, reasons: ['answer truncated at the token limit'] }]);
  });

  it('keeps voting when an observer throws', async () => {
    const { sampler } = scripted(['A', 'A']);
    const outcome = await runVote(sampler, {
      k: 2,
      onSample: () => {
        throw new Error('UI down');
      },
    });
    expect(outcome.status).toBe('decided');
  });

  it('ends with no_consensus when max samples run out', async () => {
    const { outcome } = await vote((i) => (i % 2 ? 'B' : 'A'), { k: 3, maxSamples: 10 });
    expect(outcome).toMatchObject({ status: 'no_consensus', samples: 10, votes: { A: 5, B: 5 } });
  });

  it('ends with all_red_flagged when every sample is red-flagged', async () => {
    const { outcome } = await vote(() => `${FLAG}x`, { k: 2, maxSamples: 6 });
    expect(outcome).toMatchObject({ status: 'all_red_flagged', samples: 6, discarded: 6, votes: {} });
  });

  it('ends with timeout when the time budget runs out, aborting samples in flight', async () => {
    const s = scripted((i) => (i % 2 ? 'B' : 'A'), 40);
    const signals: AbortSignal[] = [];
    const sampler: Sampler = (r) => {
      signals.push(r.signal);
      return s.sampler(r);
    };
    const started = Date.now();
    const outcome = await runVote(sampler, { k: 3, timeoutMs: 150, maxSamples: 1000 });
    expect(outcome.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(400);
    expect(signals.at(-1)!.aborted).toBe(true);
  });

  it('returns the original text of the earliest winning sample, never the normalized key', async () => {
    const { outcome } = await vote(['  Hello   world\n', 'Hello world', 'Hello\tworld '], {
      k: 3,
      matcher: 'normalized',
    });
    expect(outcome).toMatchObject({
      status: 'decided',
      winner: '  Hello   world\n',
      winnerKey: 'Hello world',
    });
  });

  it('draws the first sample at temperature 0 and the rest at the configured temperature', async () => {
    const { requests } = await vote(['A', 'B', 'A', 'A'], { k: 2, temperature: 0.3 });
    expect(requests.map((r) => r.temperature)).toEqual([0, 0.3, 0.3, 0.3]);
    const defaults = await vote(['A', 'A'], { k: 2 });
    expect(defaults.requests.map((r) => r.temperature)).toEqual([0, 0.1]);
  });

  it('retries a throwing sampler with the next prompt variant and counts the failed attempt', async () => {
    let failures = 0;
    const errors: number[] = [];
    const sampler: Sampler = async ({ sampleIndex, variant, temperature }) => {
      if (sampleIndex === 0 && variant === 0) {
        failures++;
        throw new Error('HTTP 500');
      }
      return { text: `A/${sampleIndex === 0 ? `${variant}@${temperature}` : 'x'}`.slice(0, 1), redFlags: [] };
    };
    const outcome = await runVote(sampler, {
      k: 2,
      onSampleError: (e) => errors.push(e.attempt),
    });
    expect(outcome).toMatchObject({ status: 'decided', winner: 'A', failedAttempts: 1, samples: 2 });
    expect(failures).toBe(1);
    expect(errors).toEqual([0]);
  });

  it('gives up with sampler_failed after the bounded attempts, or at once on a permanent error', async () => {
    const always: Sampler = async () => {
      throw Object.assign(new Error('upstream down'), { code: 'llm_server_error', transient: true });
    };
    const bounded = await runVote(always, { k: 2, maxAttemptsPerSample: 3 });
    expect(bounded).toMatchObject({
      status: 'sampler_failed',
      failedAttempts: 6,
      error: { code: 'llm_server_error' },
    });
    const permanent: Sampler = async () => {
      throw Object.assign(new Error('bad key'), { code: 'llm_auth', transient: false });
    };
    const once = await runVote(permanent, { k: 1 });
    expect(once).toMatchObject({
      status: 'sampler_failed',
      failedAttempts: 1,
      error: { code: 'llm_auth', message: 'bad key' },
    });
  });

  it('reports every sample with running counts and every red flag with its reasons', async () => {
    const events: { i: number; status: string; votes: Record<string, number>; margin: number }[] = [];
    const flags: string[][] = [];
    const { sampler } = scripted(['A', `${FLAG}`, 'B', 'A', 'A', 'A']);
    await runVote(sampler, {
      k: 2,
      onSample: (e) => events.push({ i: e.sampleIndex, status: e.status, votes: e.votes, margin: e.margin }),
      onRedFlag: (e) => flags.push(e.reasons),
    });
    expect(events.map((e) => e.status).sort()).toEqual(['red_flag', 'vote', 'vote', 'vote', 'vote']);
    expect(events.at(-1)!.votes).toEqual({ A: 3, B: 1 });
    expect(flags).toEqual([['flagged 1']]);
  });

  it('rejects k below 1 and max samples below k', async () => {
    const { sampler } = scripted(['A']);
    await expect(runVote(sampler, { k: 0 })).rejects.toMatchObject({ code: 'invalid_vote_options' });
    await expect(runVote(sampler, { k: 3, maxSamples: 2 })).rejects.toMatchObject({
      code: 'invalid_vote_options',
    });
    await expect(runVote(sampler, { k: 1, matcher: 'fuzzy' as never })).rejects.toMatchObject({
      code: 'invalid_vote_options',
    });
  });

  it('throws VoteAbortedError when the caller aborts', async () => {
    const controller = new AbortController();
    const { sampler } = scripted(() => 'A', 50);
    setTimeout(() => controller.abort(), 10);
    await expect(runVote(sampler, { k: 2, signal: controller.signal })).rejects.toMatchObject({
      code: 'vote_aborted',
    });
  });
});
