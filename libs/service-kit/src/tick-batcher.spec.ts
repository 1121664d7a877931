import { describe, expect, it } from 'vitest';
import { TickBatcher } from './tick-batcher.js';

describe('TickBatcher', () => {
  it('runs the calls of one turn as one batch per key, answering each caller with its own result', async () => {
    const batches: Array<[string, number[]]> = [];
    const batcher = new TickBatcher<number, number>(async (key, items) => {
      batches.push([key, items]);
      return items.map((n) => n * 10);
    });
    const answers = await Promise.all([batcher.add('a', 1), batcher.add('b', 2), batcher.add('a', 3)]);
    expect(answers).toEqual([10, 20, 30]);
    expect(batches).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
  });

  it('includes calls made in microtasks of the same turn, and starts a new batch in the next turn', async () => {
    const sizes: number[] = [];
    const batcher = new TickBatcher<number, number>(async (_key, items) => {
      sizes.push(items.length);
      return items;
    });
    const later = async (n: number) => {
      await Promise.resolve();
      await Promise.resolve();
      return batcher.add('k', n);
    };
    await Promise.all([batcher.add('k', 1), later(2), later(3)]);
    await batcher.add('k', 4);
    expect(sizes).toEqual([3, 1]);
  });

  it('runs a batch before the event loop moves on (before setImmediate callbacks queued earlier)', async () => {
    const order: string[] = [];
    const batcher = new TickBatcher<number, number>(async (_key, items) => {
      order.push('batch');
      return items;
    });
    const immediate = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('immediate');
        resolve();
      }),
    );
    await Promise.all([batcher.add('k', 1), immediate]);
    expect(order).toEqual(['batch', 'immediate']);
  });

  it("rejects every caller of a batch that fails, and only that batch's callers", async () => {
    const batcher = new TickBatcher<string, string>(async (key, items) => {
      if (key === 'bad') throw new Error('redis went away');
      return items;
    });
    const [bad, good] = await Promise.allSettled([batcher.add('bad', 'x'), batcher.add('good', 'y')]);
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('redis went away') });
    expect(good).toEqual({ status: 'fulfilled', value: 'y' });
  });

  it('rejects when the batch does not answer every item', async () => {
    const batcher = new TickBatcher<number, number>(async () => [1]);
    await expect(Promise.all([batcher.add('k', 1), batcher.add('k', 2)])).rejects.toThrow(
      'batch of 2 returned 1 results',
    );
  });
});
