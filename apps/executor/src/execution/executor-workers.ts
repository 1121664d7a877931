import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@maker/contracts';
import { LOGGER, PayloadWorker, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { ExecutorConfig } from '../config/executor.config.js';
import { ExecuteTaskService } from './execute-task.service.js';

/** Consumes `maker.execute`: any number of executor processes may run side by side. */
@Injectable()
export class ExecutorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly worker: PayloadWorker<'execute'>;

  constructor(
    @Inject(SERVICE_CONFIG) config: ExecutorConfig,
    @Inject(LOGGER) logger: Logger,
    executions: ExecuteTaskService,
  ) {
    this.worker = new PayloadWorker({
      queue: QueueName.execute,
      job: 'execute',
      prefix: config.MAKER_PREFIX,
      redisUrl: config.REDIS_URL,
      concurrency: config.MAKER_EXECUTOR_CONCURRENCY,
      logger,
      span: 'maker.execute',
      handle: (payload) => executions.execute(payload),
      // A job whose executor died is re-delivered however often: journaled calls make re-runs cheap.
      workerOptions: {
        lockDuration: config.MAKER_JOB_LOCK_MS,
        stalledInterval: Math.max(1_000, Math.floor(config.MAKER_JOB_LOCK_MS / 2)),
        maxStalledCount: 1_000_000,
      },
    });
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.worker.close();
  }
}
