/**
 * Coalesces calls made in the same turn of the event loop into one batch per key. Each caller gets
 * its own item's result, or the batch's error. Used where per-call Redis round trips dominate: results
 * handled together from one stream read become one Lua call, one job insert, one acknowledgement.
 *
 * A batch runs as soon as the turn's promise continuations have all run: a next-tick callback queued
 * from a microtask runs only once the microtask queue is empty, and before the event loop goes on to
 * timers, I/O or setImmediate (waiting for setImmediate cost ~0.15 ms per step of a chain here).
 */
export class TickBatcher<T, R> {
  private readonly pending = new Map<string, Array<Waiting<T, R>>>();
  private scheduled = false;

  /** `run` returns one result per item, in order. */
  constructor(private readonly run: (key: string, items: T[]) => Promise<R[]>) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const list = this.pending.get(key);
      if (list) list.push({ item, resolve, reject });
      else this.pending.set(key, [{ item, resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => process.nextTick(() => this.flush()));
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [key, waiting] of batches) void this.runBatch(key, waiting);
  }

  private async runBatch(key: string, waiting: Array<Waiting<T, R>>): Promise<void> {
    try {
      const results = await this.run(
        key,
        waiting.map((w) => w.item),
      );
      if (results.length !== waiting.length)
        throw new Error(`batch of ${waiting.length} returned ${results.length} results`);
      for (const [i, w] of waiting.entries()) w.resolve(results[i]);
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  }
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}
