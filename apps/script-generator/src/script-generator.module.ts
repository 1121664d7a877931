import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { ScriptGeneratorConfig } from './config/script-generator.config.js';
import { GenerateScriptService } from './generation/generate-script.service.js';
import { GeneratorWorkers } from './generation/generator-workers.js';
import { GeneratorMetrics } from './metrics/generator-metrics.js';

@Module({})
export class ScriptGeneratorModule {
  static forRoot(context: ServiceContext<ScriptGeneratorConfig>): DynamicModule {
    return {
      module: ScriptGeneratorModule,
      imports: [ServiceKitModule.forRoot(context)],
      providers: [GeneratorMetrics, GenerateScriptService, GeneratorWorkers],
    };
  }
}
