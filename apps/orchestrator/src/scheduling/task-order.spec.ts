import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { jobPriority, READY_SCORE_LUA, readyScore } from './task-order.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const defKey = `task-order-${randomUUID().slice(0, 8)}:{p}:def`;

afterAll(async () => {
  await redis.del(defKey);
  redis.disconnect();
});

describe('task order', () => {
  it('claims the longer chain first, then plan order', () => {
    expect(readyScore(7, 5)).toBeLessThan(readyScore(3, 4));
    expect(readyScore(3, 4)).toBeLessThan(readyScore(7, 4));
    expect(readyScore(3.25, 4)).toBeLessThan(readyScore(3.5, 4));
    expect(readyScore(9_999_999, 2)).toBeLessThan(readyScore(0, 1));
    expect(readyScore(0, 1_000_000)).toBe(readyScore(0, 70_000));
  });

  it('scores in Lua exactly as in TypeScript', async () => {
    const cases: Array<[number, number | undefined]> = [
      [0, 1],
      [12, 300],
      [99_999, undefined],
      [41.5, 2],
      [5, 1_000_000],
    ];
    for (const [i, [index, chain]] of cases.entries())
      await redis.hset(defKey, `t${i}`, JSON.stringify({ index, ...(chain ? { chain_length: chain } : {}) }));
    const script = `local DEF = KEYS[1]\n${READY_SCORE_LUA}\nreturn tostring(ready_score(ARGV[1]))`;
    for (const [i, [index, chain]] of cases.entries()) {
      const fromLua = Number(await redis.eval(script, 1, defKey, `t${i}`));
      expect(fromLua, `case ${i}`).toBe(readyScore(index, chain));
    }
  });

  it('orders jobs by plan priority first, then by chain, within BullMQ priorities', () => {
    expect(jobPriority(1000, 1_000_000)).toBe(1);
    expect(jobPriority(-1000, 1)).toBe(2001 * 1024);
    expect(jobPriority(-1000, 1)).toBeLessThanOrEqual(2 ** 21);
    expect(jobPriority(1, 1)).toBeLessThan(jobPriority(0, 5_000));
    expect(jobPriority(0, 10)).toBeLessThan(jobPriority(0, 9));
    expect(jobPriority(0, 0)).toBe(jobPriority(0, 1));
  });
});
