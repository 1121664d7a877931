import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@maker/contracts';
import { LOGGER, QueueWorker, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { SubmitPlanProcessor } from '../intake/submit-plan.processor.js';
import { ResultsProcessor } from './results.processor.js';

/** The orchestrator's consumers: plan intake and worker results. They start once Redis answers. */
@Injectable()
export class OrchestratorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly workers: QueueWorker[];
  private readonly abort = new AbortController();

  constructor(
    @Inject(SERVICE_CONFIG) config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    results: ResultsProcessor,
    intake: SubmitPlanProcessor,
  ) {
    // Handling is idempotent, so a job whose handler died is taken up again however often it stalls.
    const lock = {
      lockDuration: config.MAKER_JOB_LOCK_MS,
      stalledInterval: Math.max(500, Math.floor(config.MAKER_JOB_LOCK_MS / 2)),
      maxStalledCount: 1_000_000,
    };
    const common = { prefix: config.MAKER_PREFIX, redisUrl: config.REDIS_URL, workerOptions: lock };
    this.workers = [
      new QueueWorker({
        ...common,
        queue: QueueName.results,
        processor: (job) => results.process(job),
        concurrency: config.MAKER_RESULTS_CONCURRENCY,
      }),
      new QueueWorker({
        ...common,
        queue: QueueName.plans,
        processor: (job) => intake.process(job),
        concurrency: 4,
      }),
    ];
    for (const { worker } of this.workers) {
      worker.on('failed', (job, error) =>
        this.logger.warn({ queue: worker.name, job: job?.id, err: error.message }, 'job failed'),
      );
      worker.on('error', (error) =>
        this.logger.warn({ queue: worker.name, err: error.message }, 'worker error'),
      );
    }
  }

  onApplicationBootstrap(): void {
    for (const worker of this.workers) void worker.startWhenReady(this.abort.signal);
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
