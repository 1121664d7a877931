import { createSeededRandom } from '@maker/testing';
import { describe, expect, it } from 'vitest';
import { runVote } from './first-to-ahead-by-k.js';
import { expectedSamplesPerStep, kMin, pStepCorrect, pTaskCorrect } from './formulas.js';
import type { Sampler } from './vote-types.js';

/**
 * Statistical check of the voting engine against the closed forms.
 *
 * The simulated atom answers right ("R") with probability p and otherwise gives the one dominant
 * wrong answer ("W"), the model behind the formulas; with pass rate v < 1 some samples come back
 * red-flagged. The PRNG is seeded and samples are drawn in index order, so every run is the same;
 * the tolerances say how far from theory the engine may be before it is wrong:
 * - accuracy: |observed − P| ≤ 4·√(P(1−P)/N), the 4σ normal band of a binomial proportion
 *   (two-sided tail ≈ 6·10⁻⁵);
 * - mean samples per vote: |mean − E| ≤ 4·s/√N with s the observed standard deviation (CLT).
 * Typical bugs move these far outside the bands: deciding a lone candidate at 2 votes, or on the
 * first k votes without a margin, lowers accuracy and samples by several σ (see the last case).
 */

function simulatedAtom(p: number, passRate: number, seed: number): Sampler {
  const random = createSeededRandom(seed);
  return async () => {
    const text = random() < p ? 'R' : 'W';
    const flagged = random() >= passRate;
    return { text, redFlags: flagged ? [{ code: 'too_long', reason: 'simulated red flag' }] : [] };
  };
}

async function simulate(
  p: number,
  k: number,
  votes: number,
  options: { passRate?: number; seed?: number } = {},
) {
  const sampler = simulatedAtom(p, options.passRate ?? 1, options.seed ?? 42);
  const correct: boolean[] = [];
  const drawn: number[] = [];
  for (let i = 0; i < votes; i++) {
    const outcome = await runVote(sampler, { k, maxSamples: 10_000, timeoutMs: 60_000 });
    if (outcome.status !== 'decided') throw new Error(`vote ${i} ended ${outcome.status}`);
    correct.push(outcome.winner === 'R');
    drawn.push(outcome.samples);
  }
  const mean = drawn.reduce((a, b) => a + b, 0) / votes;
  const sd = Math.sqrt(drawn.reduce((a, b) => a + (b - mean) ** 2, 0) / (votes - 1));
  const accuracy = correct.filter(Boolean).length / votes;
  return { correct, accuracy, mean, sd };
}

const binomialBand = (P: number, n: number) => 4 * Math.sqrt((P * (1 - P)) / n);

describe('first-to-ahead-by-k against the MAKER formulas', () => {
  it('with k = kMin(p=0.75, 20 steps, t=0.8) = 5, 6,000 votes match P(step), P(task) and E[samples]', async () => {
    const p = 0.75;
    const steps = 20;
    const k = kMin(p, steps, 0.8);
    expect(k).toBe(5);
    const tasks = 300;
    const { correct, accuracy, mean, sd } = await simulate(p, k, tasks * steps);
    const P = pStepCorrect(p, k); // 0.99590
    expect(Math.abs(accuracy - P)).toBeLessThanOrEqual(binomialBand(P, tasks * steps)); // ±0.0033
    const taskSuccess = Array.from({ length: tasks }, (_, t) =>
      correct.slice(t * steps, (t + 1) * steps).every(Boolean),
    );
    const observedTask = taskSuccess.filter(Boolean).length / tasks;
    const Ptask = pTaskCorrect(p, k, steps); // 0.921
    expect(Math.abs(observedTask - Ptask)).toBeLessThanOrEqual(binomialBand(Ptask, tasks)); // ±0.062
    expect(observedTask).toBeGreaterThanOrEqual(0.8);
    const E = expectedSamplesPerStep(p, k); // 9.92
    expect(Math.abs(mean - E)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(tasks * steps));
  });

  it('with p=0.99 and k = kMin(0.99, 1000 steps, 0.95) = 3, 5,000 votes make no error and cost ≈ k/(2p−1) samples', async () => {
    const k = kMin(0.99, 1000, 0.95);
    expect(k).toBe(3);
    const n = 5000;
    const { accuracy, mean, sd } = await simulate(0.99, k, n, { seed: 7 });
    // P(error) ≈ 1.03·10⁻⁶: expected errors in 5,000 votes ≈ 0.005, so any error is a defect.
    expect(accuracy).toBe(1);
    const E = expectedSamplesPerStep(0.99, k); // 3.061
    expect(Math.abs(mean - E)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(n));
  });

  it('with a red-flag pass rate v = 0.8, samples per vote grow by 1/v and accuracy is unchanged', async () => {
    const p = 0.8;
    const k = 3;
    const n = 4000;
    const { accuracy, mean, sd } = await simulate(p, k, n, { passRate: 0.8, seed: 99 });
    const P = pStepCorrect(p, k); // 0.9846
    expect(Math.abs(accuracy - P)).toBeLessThanOrEqual(binomialBand(P, n));
    const E = expectedSamplesPerStep(p, k, 0.8); // 6.06
    expect(Math.abs(mean - E)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(n));
  });

  it('the bands are tight enough to catch a margin rule that is off by one (k=2 run where k=3 is asked)', async () => {
    const p = 0.75;
    const n = 3000;
    const asked = pStepCorrect(p, 3); // 0.9643
    expect(asked - pStepCorrect(p, 2)).toBeGreaterThan(4 * binomialBand(asked, n)); // 0.064 vs ±0.0135
    const { accuracy, mean } = await simulate(p, 2, n, { seed: 5 });
    expect(Math.abs(accuracy - asked)).toBeGreaterThan(binomialBand(asked, n));
    expect(mean).toBeLessThan(expectedSamplesPerStep(p, 3) - 1);
  });
});
