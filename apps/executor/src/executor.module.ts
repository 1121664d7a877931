import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { ExecutorConfig } from './config/executor.config.js';
import { CancellationRegistry } from './execution/cancellation.registry.js';
import { ExecuteTaskService } from './execution/execute-task.service.js';
import { ExecutorWorkers } from './execution/executor-workers.js';
import { ExecutorMetrics } from './metrics/executor-metrics.js';

@Module({})
export class ExecutorModule {
  static forRoot(context: ServiceContext<ExecutorConfig>): DynamicModule {
    return {
      module: ExecutorModule,
      imports: [ServiceKitModule.forRoot(context)],
      providers: [ExecutorMetrics, CancellationRegistry, ExecuteTaskService, ExecutorWorkers],
    };
  }
}
