import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { ExecutorConfig } from './config/executor.config.js';

@Module({})
export class ExecutorModule {
  static forRoot(context: ServiceContext<ExecutorConfig>): DynamicModule {
    return {
      module: ExecutorModule,
      imports: [ServiceKitModule.forRoot(context)],
    };
  }
}
