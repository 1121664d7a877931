import { describe, expect, it } from 'vitest';
import {
  approxSamplesPerStep,
  expectedSamplesPerStep,
  kMin,
  pStepCorrect,
  pTaskCorrect,
} from './formulas.js';

// k_min for t = 0.95, m = 1: the table of reference/maker-voting.md (agrees with the paper).
const K_MIN_TABLE: [steps: number, byP: Record<string, number>][] = [
  [100, { 0.9: 4, 0.95: 3, 0.99: 2, 0.995: 2, 0.998: 2, 0.999: 2 }],
  [1_000, { 0.9: 5, 0.95: 4, 0.99: 3, 0.995: 2, 0.998: 2, 0.999: 2 }],
  [10_000, { 0.9: 6, 0.95: 5, 0.99: 3, 0.995: 3, 0.998: 2, 0.999: 2 }],
  [100_000, { 0.9: 7, 0.95: 5, 0.99: 4, 0.995: 3, 0.998: 3, 0.999: 3 }],
  [1_048_575, { 0.9: 8, 0.95: 6, 0.99: 4, 0.995: 4, 0.998: 3, 0.999: 3 }],
];
const cases = K_MIN_TABLE.flatMap(([steps, byP]) =>
  Object.entries(byP).map(([p, k]) => ({ steps, p: Number(p), k })),
);

describe('MAKER formulas', () => {
  it.each(cases)('kMin(p=$p, s=$steps, t=0.95) = $k', ({ p, steps, k }) => {
    expect(kMin(p, steps, 0.95)).toBe(k);
    expect(pTaskCorrect(p, k, steps)).toBeGreaterThanOrEqual(0.95);
    if (k > 1) expect(pTaskCorrect(p, k - 1, steps)).toBeLessThan(0.95);
  });

  it('reproduces the paper figures: ≈3.01 samples per step at p=0.9978, k=3', () => {
    expect(approxSamplesPerStep(0.9978, 3)).toBeCloseTo(3.013, 3);
    expect(expectedSamplesPerStep(0.9978, 3)).toBeCloseTo(3.013, 3);
    expect(pStepCorrect(0.9978, 3)).toBeGreaterThan(1 - 2e-8);
  });

  it('matches small cases computed by hand', () => {
    expect(pStepCorrect(0.75, 1)).toBeCloseTo(0.75, 12);
    expect(pStepCorrect(0.75, 2)).toBeCloseTo(0.9, 12); // 1/(1+1/9)
    expect(expectedSamplesPerStep(0.75, 1)).toBeCloseTo(1, 12);
    expect(expectedSamplesPerStep(0.75, 2)).toBeCloseTo(3.2, 12); // 2/0.5 · (1−1/9)/(1+1/9)
    expect(expectedSamplesPerStep(1, 3)).toBe(3);
    expect(expectedSamplesPerStep(0.75, 2, 0.8)).toBeCloseTo(4, 12);
    expect(pTaskCorrect(0.9, 2, 10, 2)).toBeCloseTo((1 + 1 / 81) ** -5, 12);
  });

  it('refuses p ≤ 0.5 and targets outside (0, 1)', () => {
    expect(() => kMin(0.5, 10, 0.9)).toThrow(RangeError);
    expect(() => pStepCorrect(0.3, 2)).toThrow(RangeError);
    expect(() => kMin(0.9, 10, 1)).toThrow(RangeError);
    expect(kMin(1, 10, 0.9)).toBe(1);
  });
});
