import { randomUUID } from 'node:crypto';
import type { Logger } from '@maker/telemetry';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisConnection } from './redis-connection.js';
import { resultsStreamKey } from './results-publisher.js';
import { TickBatcher } from './tick-batcher.js';

export interface ResultsConsumerOptions {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /** Results handled at once by this process. @defaultValue 32 */
  concurrency?: number;
  /** An entry pending this long (its consumer died) is claimed by another. @defaultValue 30000 */
  reclaimAfterMs?: number;
  /** Failures of one entry before it is moved to `<prefix>:results:dead`. @defaultValue 20 */
  maxFailures?: number;
  handle: (name: string, data: unknown) => Promise<unknown>;
}

const GROUP = 'orchestrators';

/**
 * Reads worker results from the results stream as one consumer of the orchestrators' group:
 * batches of entries, handled concurrently, acknowledged and deleted once handled. Entries left
 * pending by a dead orchestrator are claimed after `reclaimAfterMs`. A payload that can never be
 * handled (UnrecoverableError) is acknowledged with an error log; one that keeps failing goes to a
 * dead-letter stream after `maxFailures` attempts.
 */
export class ResultsConsumer {
  private readonly connection: Redis;
  private readonly consumer = `c-${randomUUID()}`;
  private readonly key: string;
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private readonly stopped = new AbortController();
  private groupReady = false;
  private loops: Promise<void>[] = [];
  private blocking?: Redis;
  /** Entries handled in the same turn are acknowledged and deleted together. */
  private readonly acknowledgements = new TickBatcher<string, void>(async (_key, ids) => {
    await this.connection
      .multi()
      .xack(this.key, GROUP, ...ids)
      .xdel(this.key, ...ids)
      .exec();
    return ids.map(() => undefined);
  });

  constructor(private readonly options: ResultsConsumerOptions) {
    this.connection = createRedisConnection(options.redisUrl);
    this.connection.on('error', () => {});
    this.key = resultsStreamKey(options.prefix);
  }

  start(): void {
    this.loops = [this.readLoop(), this.reclaimLoop()];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await Promise.allSettled([...this.inFlight]);
    this.blocking?.disconnect(false);
    await Promise.allSettled(this.loops);
    this.connection.disconnect(false);
  }

  private async readLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.ensureGroup();
        const room = Math.max(1, (this.options.concurrency ?? 32) - this.inFlight.size);
        const reply = (await this.reader().xreadgroup(
          'GROUP',
          GROUP,
          this.consumer,
          'COUNT',
          room,
          'BLOCK',
          1_000,
          'STREAMS',
          this.key,
          '>',
        )) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of reply ?? []) for (const entry of entries) this.dispatch(entry);
        await this.waitForRoom();
      } catch (error) {
        if (!this.stopping) await this.pause(error);
      }
    }
  }

  private async reclaimLoop(): Promise<void> {
    const idle = this.options.reclaimAfterMs ?? 30_000;
    while (!this.stopping) {
      await sleep(Math.max(200, idle / 2), this.stopped.signal);
      if (this.stopping) return;
      try {
        const [, entries] = (await this.connection.xautoclaim(
          this.key,
          GROUP,
          this.consumer,
          idle,
          '0-0',
          'COUNT',
          100,
        )) as [string, Array<[string, string[]] | null>];
        for (const entry of entries) if (entry) this.dispatch(entry);
      } catch (error) {
        if (!this.stopping)
          this.options.logger.warn({ err: (error as Error).message }, 'results reclaim failed; will retry');
      }
    }
  }

  private dispatch([id, fields]: [string, string[]]): void {
    const task = this.handleEntry(id, fields).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async handleEntry(id: string, fields: string[]): Promise<void> {
    const name = fields[fields.indexOf('n') + 1];
    try {
      await this.options.handle(name, JSON.parse(fields[fields.indexOf('d') + 1]));
      await this.settle(id);
    } catch (error) {
      if (error instanceof UnrecoverableError || error instanceof SyntaxError) {
        this.options.logger.error(
          { id, name, err: (error as Error).message },
          'result cannot be handled: dropped',
        );
        await this.settle(id);
        return;
      }
      const failures = (this.failures.get(id) ?? 0) + 1;
      this.failures.set(id, failures);
      this.options.logger.warn(
        { id, name, failures, err: (error as Error).message },
        'result handling failed; it will be retried',
      );
      if (failures >= (this.options.maxFailures ?? 20)) await this.deadLetter(id, fields, error as Error);
    }
  }

  private async settle(id: string): Promise<void> {
    this.failures.delete(id);
    await this.acknowledgements.add('', id);
  }

  private async deadLetter(id: string, fields: string[], error: Error): Promise<void> {
    await this.connection.xadd(`${this.key}:dead`, '*', ...fields, 'error', error.message);
    await this.settle(id);
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.connection.xgroup('CREATE', this.key, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** A blocking read would stall the shared connection: reads use their own. */
  private reader(): Redis {
    if (!this.blocking) {
      this.blocking = this.connection.duplicate();
      this.blocking.on('error', () => {});
    }
    return this.blocking;
  }

  private async waitForRoom(): Promise<void> {
    while (!this.stopping && this.inFlight.size >= (this.options.concurrency ?? 32))
      await Promise.race(this.inFlight);
  }

  private async pause(error: unknown): Promise<void> {
    this.options.logger.warn({ err: (error as Error).message }, 'results read failed; retrying');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (so shutdown never waits out a pause). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
