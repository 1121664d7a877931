import { bootstrapService } from '@maker/service-kit';
import { executorEnvSchema } from './config/executor.config.js';
import { ExecutorModule } from './executor.module.js';

await bootstrapService({
  service: 'executor',
  schema: executorEnvSchema,
  module: (context) => ExecutorModule.forRoot(context),
});
