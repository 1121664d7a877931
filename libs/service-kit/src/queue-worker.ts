import { type Processor, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisConnection, redisAnswers } from './redis-connection.js';

export interface QueueWorkerOptions {
  queue: string;
  prefix: string;
  redisUrl: string;
  processor: Processor;
  /** @defaultValue 1 */
  concurrency?: number;
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * A BullMQ worker that starts paused and consumes only once Redis answers, and that releases its
 * in-flight jobs (closing waits for them) on shutdown.
 */
export class QueueWorker {
  readonly worker: Worker;
  private readonly connection: Redis;

  constructor(options: QueueWorkerOptions) {
    this.connection = createRedisConnection(options.redisUrl);
    this.worker = new Worker(options.queue, options.processor, {
      connection: this.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      autorun: false,
      ...options.workerOptions,
    });
  }

  /** Waits until Redis answers, then starts consuming (without awaiting the run loop). */
  async startWhenReady(signal?: AbortSignal): Promise<void> {
    while (!(await redisAnswers(this.connection))) {
      if (signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    void this.worker.run();
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
