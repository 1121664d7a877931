import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@maker/contracts';
import { LOGGER, QueueWorker, ResultsConsumer, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { SubmitPlanProcessor } from '../intake/submit-plan.processor.js';
import { ResultsProcessor } from './results.processor.js';

/** The orchestrator's consumers: plan intake (BullMQ) and worker results (the results stream). */
@Injectable()
export class OrchestratorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly intake: QueueWorker;
  private readonly results: ResultsConsumer;
  private readonly abort = new AbortController();

  constructor(
    @Inject(SERVICE_CONFIG) config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
    results: ResultsProcessor,
    intake: SubmitPlanProcessor,
  ) {
    this.intake = new QueueWorker({
      prefix: config.MAKER_PREFIX,
      redisUrl: config.REDIS_URL,
      queue: QueueName.plans,
      processor: (job) => intake.process(job),
      concurrency: 4,
    });
    this.intake.worker.on('failed', (job, error) =>
      logger.warn({ queue: QueueName.plans, job: job?.id, err: error.message }, 'job failed'),
    );
    this.intake.worker.on('error', (error) =>
      logger.warn({ queue: QueueName.plans, err: error.message }, 'worker error'),
    );
    // Handling is idempotent, so a result whose handler died is taken up again by any orchestrator.
    this.results = new ResultsConsumer({
      redisUrl: config.REDIS_URL,
      prefix: config.MAKER_PREFIX,
      logger,
      concurrency: config.MAKER_RESULTS_CONCURRENCY,
      reclaimAfterMs: config.MAKER_JOB_LOCK_MS,
      handle: (name, data) => results.process(name, data),
    });
  }

  onApplicationBootstrap(): void {
    void this.intake.startWhenReady(this.abort.signal);
    this.results.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await Promise.all([this.intake.close(), this.results.stop()]);
  }
}
