import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { parseJobPayload, QueueName } from '@maker/contracts';
import { LOGGER, QueueWorker, SERVICE_CONFIG } from '@maker/service-kit';
import { type Logger, withSpan } from '@maker/telemetry';
import { type Job, UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import type { ExecutorConfig } from '../config/executor.config.js';
import { ExecuteTaskService } from './execute-task.service.js';

/** Consumes `maker.execute`: any number of executor processes may run side by side. */
@Injectable()
export class ExecutorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly worker: QueueWorker;
  private readonly abort = new AbortController();

  constructor(
    @Inject(SERVICE_CONFIG) config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly executions: ExecuteTaskService,
  ) {
    this.worker = new QueueWorker({
      queue: QueueName.execute,
      prefix: config.MAKER_PREFIX,
      redisUrl: config.REDIS_URL,
      concurrency: config.MAKER_EXECUTOR_CONCURRENCY,
      processor: (job) => this.process(job),
      // A job whose executor died is re-delivered however often: journaled calls make re-runs cheap.
      workerOptions: {
        lockDuration: config.MAKER_JOB_LOCK_MS,
        stalledInterval: Math.max(1_000, Math.floor(config.MAKER_JOB_LOCK_MS / 2)),
        maxStalledCount: 1_000_000,
      },
    });
    this.worker.worker.on('failed', (job, error) =>
      this.logger.warn({ job: job?.id, err: error.message }, 'execute job failed'),
    );
    this.worker.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'worker error'));
  }

  onApplicationBootstrap(): void {
    void this.worker.startWhenReady(this.abort.signal);
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.worker.close();
  }

  /** Validate, run, report; a payload that fails validation fails the job unrecoverably. */
  private async process(job: Job): Promise<void> {
    let payload: ReturnType<typeof parseJobPayload<'execute'>>;
    try {
      payload = parseJobPayload('execute', job.data);
    } catch (error) {
      if (error instanceof ZodError)
        throw new UnrecoverableError(`invalid execute payload: ${error.message}`);
      throw error;
    }
    const attributes = {
      'maker.plan_id': payload.plan_id,
      'maker.task_id': payload.task_id,
      'maker.attempt': payload.attempt,
    };
    await withSpan('maker.execute', payload.trace, attributes, () => this.executions.execute(payload));
  }
}
