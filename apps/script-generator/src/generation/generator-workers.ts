import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@maker/contracts';
import { LOGGER, PayloadWorker, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { ScriptGeneratorConfig } from '../config/script-generator.config.js';
import { GenerateScriptService } from './generate-script.service.js';

/** Consumes `maker.generate`; stateless, any number of replicas. */
@Injectable()
export class GeneratorWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly worker: PayloadWorker<'generate'>;

  constructor(
    @Inject(SERVICE_CONFIG) config: ScriptGeneratorConfig,
    @Inject(LOGGER) logger: Logger,
    generator: GenerateScriptService,
  ) {
    this.worker = new PayloadWorker({
      queue: QueueName.generate,
      job: 'generate',
      prefix: config.MAKER_PREFIX,
      redisUrl: config.REDIS_URL,
      concurrency: config.MAKER_GENERATOR_CONCURRENCY,
      logger,
      span: 'maker.generate',
      handle: (payload) => generator.generate(payload),
    });
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.worker.close();
  }
}
