import { bootstrapService } from '@maker/service-kit';
import { orchestratorEnvSchema } from './config/orchestrator.config.js';
import { OrchestratorModule } from './orchestrator.module.js';

await bootstrapService({
  service: 'orchestrator',
  schema: orchestratorEnvSchema,
  module: (context) => OrchestratorModule.forRoot(context),
});
