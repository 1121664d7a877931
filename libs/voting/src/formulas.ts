/**
 * MAKER's closed forms (Meyerson et al. 2025, arXiv 2511.09030) for first-to-ahead-by-k voting with
 * one dominant wrong alternative: per-sample accuracy p > 0.5, margin k, s steps, m steps per call.
 */

function assertProbability(p: number): void {
  if (!(p > 0.5 && p <= 1)) throw new RangeError(`per-sample accuracy p must be in (0.5, 1], got ${p}`);
}

/** P(a vote picks the right answer) = 1 / (1 + ((1−p)/p)^k). */
export function pStepCorrect(p: number, k: number): number {
  assertProbability(p);
  return 1 / (1 + ((1 - p) / p) ** k);
}

/** P(all s/m votes right) = (1 + ((1−p)/p)^k)^(−s/m). */
export function pTaskCorrect(p: number, k: number, steps: number, m = 1): number {
  assertProbability(p);
  return (1 + ((1 - p) / p) ** k) ** (-steps / m);
}

/**
 * Smallest margin reaching target success probability t over s steps:
 * k_min = ⌈ ln(t^(−m/s) − 1) / ln((1−p)/p) ⌉ (at least 1).
 */
export function kMin(p: number, steps: number, target: number, m = 1): number {
  assertProbability(p);
  if (!(target > 0 && target < 1)) throw new RangeError(`target must be in (0, 1), got ${target}`);
  if (p === 1) return 1;
  const k = Math.ceil(Math.log(target ** (-m / steps) - 1) / Math.log((1 - p) / p));
  return Math.max(1, k);
}

/**
 * Expected samples of one vote. Exact for the ±k random walk (gambler's ruin):
 * E = k/(2p−1) · (1 − r^k)/(1 + r^k) with r = (1−p)/p, i.e. ≈ k/(2p−1) for p near 1. With a
 * red-flag pass rate v every valid sample costs 1/v draws.
 */
export function expectedSamplesPerStep(p: number, k: number, passRate = 1): number {
  assertProbability(p);
  if (p === 1) return k / passRate;
  const r = (1 - p) / p;
  return ((k / (2 * p - 1)) * ((1 - r ** k) / (1 + r ** k))) / passRate;
}

/** The paper's approximation k/(2p−1) (divided by the pass rate v). */
export function approxSamplesPerStep(p: number, k: number, passRate = 1): number {
  assertProbability(p);
  return k / (2 * p - 1) / passRate;
}
