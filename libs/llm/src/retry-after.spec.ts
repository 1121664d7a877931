import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    ['2', 2000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 25 Nov 2026 12:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt with jitter in [d/2, d], capped', () => {
    expect(backoffDelay(0, { baseDelayMs: 100 }, () => 0)).toBe(50);
    expect(backoffDelay(0, { baseDelayMs: 100 }, () => 1)).toBe(100);
    expect(backoffDelay(3, { baseDelayMs: 100 }, () => 1)).toBe(800);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 5000 }, () => 1)).toBe(5000);
  });
});
