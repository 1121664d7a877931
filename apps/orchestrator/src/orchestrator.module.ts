import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { OrchestratorConfig } from './config/orchestrator.config.js';

@Module({})
export class OrchestratorModule {
  static forRoot(context: ServiceContext<OrchestratorConfig>): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [ServiceKitModule.forRoot(context)],
    };
  }
}
