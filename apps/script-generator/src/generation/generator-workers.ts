import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { parseJobPayload, QueueName } from '@maker/contracts';
import { LOGGER, QueueWorker, SERVICE_CONFIG } from '@maker/service-kit';
import { type Logger, withSpan } from '@maker/telemetry';
import { type Job, UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import type { ScriptGeneratorConfig } from '../config/script-generator.config.js';
import { GenerateScriptService } from './generate-script.service.js';

/** Consumes `maker.generate`; stateless, any number of replicas. */
@Injectable()
export class GeneratorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly worker: QueueWorker;
  private readonly abort = new AbortController();

  constructor(
    @Inject(SERVICE_CONFIG) config: ScriptGeneratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly generator: GenerateScriptService,
  ) {
    this.worker = new QueueWorker({
      queue: QueueName.generate,
      prefix: config.MAKER_PREFIX,
      redisUrl: config.REDIS_URL,
      concurrency: config.MAKER_GENERATOR_CONCURRENCY,
      processor: (job) => this.process(job),
    });
    this.worker.worker.on('failed', (job, error) =>
      this.logger.warn({ job: job?.id, err: error.message }, 'generate job failed'),
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

  private async process(job: Job): Promise<void> {
    let payload: ReturnType<typeof parseJobPayload<'generate'>>;
    try {
      payload = parseJobPayload('generate', job.data);
    } catch (error) {
      if (error instanceof ZodError)
        throw new UnrecoverableError(`invalid generate payload: ${error.message}`);
      throw error;
    }
    const attributes = {
      'maker.plan_id': payload.plan_id,
      'maker.task_id': payload.task_id,
      'maker.attempt': payload.attempt,
    };
    await withSpan('maker.generate', payload.trace, attributes, () => this.generator.generate(payload));
  }
}
