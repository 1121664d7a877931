import { describe, expect, it } from 'vitest';
import { runVote } from './first-to-ahead-by-k.js';
import { toSpawnAtomHostResult, toVoteHostResult } from './host-results.js';
import { spawnAtom } from './spawn-atom.js';
import type { Sampler } from './vote-types.js';

const answering =
  (texts: string[], flagged = false): Sampler =>
  async ({ sampleIndex }) => ({
    text: texts[sampleIndex % texts.length]!,
    redFlags: flagged ? [{ code: 'too_long', reason: 'answer has 900 output tokens (cap 750)' }] : [],
    completionTokens: 12,
  });

describe('host results (DESIGN §7 shapes)', () => {
  it('maps a decided vote to exactly {is_ok, is_err, value, error, votes, samples, discarded, rounds, k}', async () => {
    const result = toVoteHostResult(await runVote(answering(['A', 'B', 'A', 'A']), { k: 2 }));
    expect(result).toStrictEqual({
      is_ok: true,
      is_err: false,
      value: 'A',
      error: null,
      votes: { A: 3, B: 1 },
      samples: 4,
      discarded: 0,
      rounds: 2,
      k: 2,
    });
  });

  it.each([
    [{ k: 2, maxSamples: 4 }, answering(['A', 'B']), /^no_consensus: /],
    [{ k: 2, maxSamples: 4 }, answering(['A'], true), /^all_red_flagged: /],
  ])('maps an undecided vote to is_err with a status-prefixed error', async (options, sampler, error) => {
    const result = toVoteHostResult(await runVote(sampler, options));
    expect(result).toMatchObject({
      is_ok: false,
      is_err: true,
      value: null,
      error: expect.stringMatching(error),
    });
  });

  it('maps spawn_atom outcomes to exactly {is_ok, is_err, value, error, tokens, red_flags}', async () => {
    expect(toSpawnAtomHostResult(await spawnAtom(answering(['hello'])))).toStrictEqual({
      is_ok: true,
      is_err: false,
      value: 'hello',
      error: null,
      tokens: 12,
      red_flags: [],
    });
    expect(toSpawnAtomHostResult(await spawnAtom(answering(['long'], true)))).toStrictEqual({
      is_ok: false,
      is_err: true,
      value: 'long',
      error: 'red_flagged: answer has 900 output tokens (cap 750)',
      tokens: 12,
      red_flags: ['answer has 900 output tokens (cap 750)'],
    });
    const failing: Sampler = async () => {
      throw Object.assign(new Error('HTTP 401'), { code: 'llm_auth', transient: false });
    };
    expect(toSpawnAtomHostResult(await spawnAtom(failing))).toMatchObject({
      is_ok: false,
      is_err: true,
      value: null,
      error: 'atom_failed: llm_auth: HTTP 401',
    });
  });

  it('retries a failing single atom with alternative prompt variants, bounded', async () => {
    const variants: number[] = [];
    const flaky: Sampler = async ({ variant }) => {
      variants.push(variant);
      if (variant < 2) throw new Error('timeout');
      return { text: 'ok', redFlags: [] };
    };
    expect(await spawnAtom(flaky, { maxAttempts: 3 })).toMatchObject({
      status: 'ok',
      sample: { text: 'ok', variant: 2 },
    });
    expect(variants).toEqual([0, 1, 2]);
  });
});
