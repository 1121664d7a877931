import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStreamWriter, readPlanEvents } from './event-stream.js';
import { planKeys } from './plan-keys.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `evtest-${randomUUID().slice(0, 8)}`;
const writer = new EventStreamWriter(redis, prefix);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const merge = (planId: string, attempt: number) => ({
  event: 'merge' as const,
  plan_id: planId,
  task_id: 't1',
  message: `merged attempt ${attempt}`,
  data: { attempt },
});

describe('EventStreamWriter', () => {
  it('numbers events gap-free across concurrent writers', async () => {
    const planId = 'gapfree';
    const second = new EventStreamWriter(redis.duplicate(), prefix);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? writer : second).append({
          event: 'log',
          plan_id: planId,
          task_id: 't',
          message: `${i}`,
          data: {},
        }),
      ),
    );
    const events = await readPlanEvents(redis, prefix, planId, 0);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('appendOnce logs an event once per mark, setting the mark in the same step', async () => {
    const planId = 'once';
    const results = await Promise.all(
      Array.from({ length: 20 }, () => writer.appendOnce(merge(planId, 1), 'merge:t1:1', 'abc123')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await writer.appendOnce(merge(planId, 2), 'merge:t1:2')).toMatchObject({ event: 'merge', seq: 2 });
    const events = await readPlanEvents(redis, prefix, planId, 0);
    expect(events.map((e) => e.details.data.attempt)).toEqual([1, 2]);
    expect(await redis.hgetall(planKeys(prefix, planId).marks)).toEqual({
      'merge:t1:1': 'abc123',
      'merge:t1:2': '1',
    });
  });

  it('appendOnce never leaves a mark without its event, wherever the writer dies, and a retry logs it once', async () => {
    const planId = 'atomic';
    for (let budget = 0; budget < 4; budget++) {
      const mark = `merge:t1:${budget}`;
      await new EventStreamWriter(dyingAfter(redis, budget), prefix)
        .appendOnce(merge(planId, budget), mark)
        .catch(() => undefined);
      expect(await markAndEvents(planId, mark)).toSatisfy(([marked, logged]) => marked === (logged === 1));
      await writer.appendOnce(merge(planId, budget), mark);
      expect(await markAndEvents(planId, mark)).toEqual([true, 1]);
    }
  });
});

/** A client that runs `budget` commands, then dies as a killed process would: nothing more reaches Redis. */
function dyingAfter(client: Redis, budget: number): Redis {
  let left = budget;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (left-- <= 0) return Promise.reject(new Error('killed'));
        return value.apply(target, args);
      };
    },
  });
}

async function markAndEvents(planId: string, mark: string): Promise<[boolean, number]> {
  const marked = (await redis.hexists(planKeys(prefix, planId).marks, mark)) === 1;
  const events = await readPlanEvents(redis, prefix, planId, 0);
  return [marked, events.filter((e) => `merge:t1:${e.details.data.attempt}` === mark).length];
}
