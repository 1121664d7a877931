import { SimulatedProvider } from '@maker/llm';
import {
  type HanoiMove,
  type HanoiState,
  hanoiAnswerProblems,
  hanoiCorrupt,
  hanoiInitialState,
  hanoiNextStep,
  hanoiOracle,
  hanoiSolved,
  hanoiStepPrompt,
} from '@maker/testing';
import { describe, expect, it } from 'vitest';
import { runVote } from './first-to-ahead-by-k.js';
import { kMin } from './formulas.js';
import type { Sampler } from './vote-types.js';

/** One Hanoi move per call through the simulated provider; malformed or truncated answers are red-flagged. */
function hanoiSampler(provider: SimulatedProvider, prompt: string, disks: number): Sampler {
  return async ({ temperature, signal }) => {
    const c = await provider.complete({
      model: 'simulated',
      messages: [{ role: 'user', content: prompt }],
      temperature,
      maxTokens: 200,
      signal,
    });
    const reasons = c.finishReason === 'length' ? ['truncated'] : hanoiAnswerProblems(c.text, disks);
    return {
      text: c.text,
      redFlags: reasons.map((reason) => ({ code: 'contract_violation', reason })),
      completionTokens: c.usage.completionTokens,
    };
  };
}

async function solve(disks: number, k: number, pCorrect: number, seed: number) {
  const provider = new SimulatedProvider({
    oracle: hanoiOracle,
    corrupt: hanoiCorrupt,
    pCorrect,
    overlongRate: 0.02,
    seed,
  });
  let state: HanoiState = hanoiInitialState(disks);
  let previous: HanoiMove | null = null;
  let samples = 0;
  for (let step = 0; step < 2 ** disks - 1; step++) {
    const outcome = await runVote(hanoiSampler(provider, hanoiStepPrompt(state, previous), disks), {
      k,
      matcher: 'json',
    });
    if (outcome.status !== 'decided') return { errorAt: step, samples, solved: false };
    samples += outcome.samples;
    const truth = hanoiNextStep(state, previous);
    const voted = JSON.parse(outcome.winner) as { move: HanoiMove; state: HanoiState };
    if (JSON.stringify(voted) !== JSON.stringify(truth)) return { errorAt: step, samples, solved: false };
    state = voted.state;
    previous = voted.move;
  }
  return { errorAt: -1, samples, solved: hanoiSolved(state, disks) };
}

describe('Towers of Hanoi through the voting path with simulated atoms', () => {
  it('solves 10 disks (1,023 dependent steps) with zero errors at p = 0.99, k = kMin = 3', async () => {
    const k = kMin(0.99, 1023, 0.95);
    expect(k).toBe(3);
    const result = await solve(10, k, 0.99, 2024);
    expect(result).toMatchObject({ errorAt: -1, solved: true });
    expect(result.samples / 1023).toBeLessThan(3.4); // ≈ 3.06 / 0.98 pass rate
  });

  it('fails without voting (k = 1): one sample per step makes an error early', async () => {
    const result = await solve(10, 1, 0.99, 2024);
    expect(result.solved).toBe(false);
    expect(result.errorAt).toBeGreaterThanOrEqual(0);
  });
});
