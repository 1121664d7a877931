import { bootstrapService } from '@maker/service-kit';
import { scriptGeneratorEnvSchema } from './config/script-generator.config.js';
import { ScriptGeneratorModule } from './script-generator.module.js';

await bootstrapService({
  service: 'script-generator',
  schema: scriptGeneratorEnvSchema,
  module: (context) => ScriptGeneratorModule.forRoot(context),
});
