import { bootstrapService } from '@maker/service-kit';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { orchestratorEnvSchema } from './config/orchestrator.config.js';
import { OrchestratorModule } from './orchestrator.module.js';

await bootstrapService({
  service: 'orchestrator',
  schema: orchestratorEnvSchema,
  module: (context) => OrchestratorModule.forRoot(context),
  configure: (app, { config }) => {
    const express = app as NestExpressApplication;
    const limit = config.MAKER_MAX_PLAN_BYTES + 64 * 1024;
    express.useBodyParser('json', { limit });
    express.useBodyParser('text', { limit, type: ['text/markdown', 'text/plain', 'text/x-markdown'] });
  },
});
