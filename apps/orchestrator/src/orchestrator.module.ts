import { type DynamicModule, Module } from '@nestjs/common';
import { LOGGER, REDIS, type ServiceContext, ServiceKitModule, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from './config/orchestrator.config.js';
import { PlanControlController } from './control/plan-control.controller.js';
import { PlanControlService } from './control/plan-control.service.js';
import { PlanIntakeService } from './intake/plan-intake.service.js';
import { PlanQueryService } from './intake/plan-query.service.js';
import { PlansController } from './intake/plans.controller.js';
import { SubmitPlanProcessor } from './intake/submit-plan.processor.js';
import { OrchestratorMetrics } from './metrics/orchestrator-metrics.js';
import { FailureHandlingService } from './policy/failure-handling.service.js';
import { PlanSweeperService } from './recovery/plan-sweeper.service.js';
import { ReplanService } from './replan/replan.service.js';
import { OrchestratorWorkers } from './results/orchestrator-workers.js';
import { ResultsProcessor } from './results/results.processor.js';
import { TaskOutcomeService } from './results/task-outcome.service.js';
import { VerificationService } from './results/verification.service.js';
import { DispatcherService } from './scheduling/dispatcher.service.js';
import { OrchestratorQueues } from './scheduling/queues.provider.js';
import { PlanStore } from './state/plan-store.js';
import { PlanTransitions } from './state/plan-transitions.js';
import { WorkspaceService } from './workspace/workspace.service.js';

const redisBacked = <T>(type: new (redis: Redis, prefix: string) => T) => ({
  provide: type,
  inject: [REDIS, SERVICE_CONFIG],
  useFactory: (redis: Redis, config: OrchestratorConfig) => new type(redis, config.MAKER_PREFIX),
});

@Module({})
export class OrchestratorModule {
  static forRoot(context: ServiceContext<OrchestratorConfig>): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [ServiceKitModule.forRoot(context)],
      controllers: [PlansController, PlanControlController],
      providers: [
        redisBacked(PlanStore),
        {
          provide: PlanTransitions,
          inject: [REDIS, SERVICE_CONFIG, LOGGER],
          useFactory: (redis: Redis, config: OrchestratorConfig, logger: Logger) =>
            new PlanTransitions(redis, config.MAKER_PREFIX, logger.child({ component: 'transitions' })),
        },
        OrchestratorMetrics,
        OrchestratorQueues,
        WorkspaceService,
        DispatcherService,
        PlanControlService,
        PlanIntakeService,
        PlanQueryService,
        FailureHandlingService,
        VerificationService,
        TaskOutcomeService,
        ResultsProcessor,
        SubmitPlanProcessor,
        OrchestratorWorkers,
        ReplanService,
        PlanSweeperService,
      ],
    };
  }
}
