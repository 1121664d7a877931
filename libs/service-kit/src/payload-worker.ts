import { type JobName, type JobPayload, parseJobPayload } from '@maker/contracts';
import type { Logger } from '@maker/telemetry';
import { withSpan } from '@maker/telemetry';
import { type Job, UnrecoverableError, type WorkerOptions } from 'bullmq';
import { ZodError } from 'zod';
import { QueueWorker } from './queue-worker.js';

/** A job's payload, validated: a payload that fails validation fails the job unrecoverably (no retry). */
export function parsePayloadOrFail<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  try {
    return parseJobPayload(name, data);
  } catch (error) {
    if (error instanceof ZodError) throw new UnrecoverableError(`invalid ${name} payload: ${error.message}`);
    throw error;
  }
}

export interface PayloadWorkerOptions<N extends JobName> {
  queue: string;
  job: N;
  prefix: string;
  redisUrl: string;
  concurrency: number;
  logger: Logger;
  /** Span name of one job; the span continues the trace carried in the payload. */
  span: string;
  handle: (payload: JobPayload<N>) => Promise<unknown>;
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * A stage worker: consumes one queue, validates each payload, runs the handler in a span that
 * continues the plan's trace, logs failures (report, then rethrow), starts once Redis answers and
 * releases in-flight jobs on shutdown.
 */
export class PayloadWorker<N extends JobName> {
  private readonly worker: QueueWorker;
  private readonly abort = new AbortController();

  constructor(private readonly options: PayloadWorkerOptions<N>) {
    this.worker = new QueueWorker({
      queue: options.queue,
      prefix: options.prefix,
      redisUrl: options.redisUrl,
      concurrency: options.concurrency,
      processor: (job) => this.process(job),
      workerOptions: options.workerOptions,
    });
    this.worker.worker.on('failed', (job, error) =>
      options.logger.warn({ queue: options.queue, job: job?.id, err: error.message }, 'job failed'),
    );
    this.worker.worker.on('error', (error) =>
      options.logger.warn({ queue: options.queue, err: error.message }, 'worker error'),
    );
  }

  start(): void {
    void this.worker.startWhenReady(this.abort.signal);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.worker.close();
  }

  private async process(job: Job): Promise<unknown> {
    const payload = parsePayloadOrFail(this.options.job, job.data);
    const { plan_id, task_id, attempt } = payload as { plan_id?: string; task_id?: string; attempt?: number };
    const attributes = {
      'maker.plan_id': plan_id ?? '',
      'maker.task_id': task_id ?? '',
      'maker.attempt': attempt ?? 0,
    };
    const carrier = (payload as { trace?: Record<string, string> }).trace;
    return withSpan(this.options.span, carrier, attributes, () => this.options.handle(payload));
  }
}
