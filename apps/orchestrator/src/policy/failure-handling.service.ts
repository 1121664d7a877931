import { Inject, Injectable } from '@nestjs/common';
import type { JobPayload } from '@maker/contracts';
import { EventStreamWriter, LOGGER, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanControlService } from '../control/plan-control.service.js';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { effectiveK } from '../scheduling/job-factory.js';
import { PlanStore } from '../state/plan-store.js';
import { type ClaimedTask, PlanTransitions, type SettleMode } from '../state/plan-transitions.js';
import { ReplanService } from '../replan/replan.service.js';
import { DispatcherService } from '../scheduling/dispatcher.service.js';
import type { TaskState } from '@maker/contracts';
import { WorkspaceService } from '../workspace/workspace.service.js';
import { decide, type FailureCondition, type PolicyAction } from './error-policy.js';

/** A failed attempt and what settling it needs. */
interface FailedAttempt {
  planId: string;
  taskId: string;
  attempt: number;
  from: TaskState[];
  workspace?: string;
  maxParallel: number;
  data: Record<string, unknown>;
  info: Record<string, unknown>;
}

/** Carries out what the error policy decides for a failed attempt. */
@Injectable()
export class FailureHandlingService {
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly workspaces: WorkspaceService,
    private readonly control: PlanControlService,
    private readonly metrics: OrchestratorMetrics,
    private readonly dispatcher: DispatcherService,
    private readonly replans: ReplanService,
  ) {
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  async handle(
    planId: string,
    taskId: string,
    attempt: number,
    condition: FailureCondition,
    reasons: string[],
    from: TaskState[],
    result?: JobPayload<'task_executed'>,
  ): Promise<void> {
    const meta = await this.store.meta(planId);
    if (!meta) return;
    const info = await this.store.taskInfo(planId, taskId);
    const redFlagAttempts = Number(info.red_flags ?? 0) + (condition === 'red_flagged' ? 1 : 0);
    const limits = {
      maxAttempts: this.config.MAKER_MAX_ATTEMPTS,
      maxK: this.config.MAKER_MAX_K,
      replanAfterRedFlags: this.config.MAKER_REPLAN_AFTER,
    };
    const action = decide(
      condition,
      { attempt, k: effectiveK(meta, info), redFlagAttempts, limits },
      reasons,
    );
    this.logger.info(
      { plan_id: planId, task_id: taskId, attempt, condition, action: action.kind },
      action.why,
    );
    const failed: FailedAttempt = {
      planId,
      taskId,
      attempt,
      from,
      workspace: meta.options.workspace,
      maxParallel: meta.options.max_parallel,
      data: { attempt, condition, reasons, error: result?.error, stats: result?.stats },
      info: { red_flags: redFlagAttempts, last_error: action.why },
    };
    const claimed = await this.apply(failed, action);
    const plan = await this.store.settings(planId);
    if (plan) await this.dispatcher.send(plan, claimed);
  }

  /** Carries out one action; returns the tasks the settling transition claimed. */
  private async apply(failed: FailedAttempt, action: PolicyAction): Promise<ClaimedTask[]> {
    switch (action.kind) {
      case 'retry': {
        if (action.rollback) await this.discardAttempt(failed, action.why);
        this.metrics.retries.inc();
        const retryInfo = {
          feedback: action.feedback,
          ...(action.k ? { k: action.k } : {}),
          ...(action.timeoutScale ? { timeout_scale: action.timeoutScale } : {}),
        };
        return this.settle(failed, 'retry', action.why, retryInfo, { k: action.k });
      }
      case 'replan':
        await this.discardAttempt(failed, action.why);
        await this.replans.request(failed.planId, failed.taskId, failed.attempt, action.reasons);
        this.metrics.escalations.inc({ reason: 'replan' });
        return this.settle(failed, 'escalate', action.why, { awaiting_replan: failed.attempt });
      case 'escalate':
        this.metrics.escalations.inc({ reason: 'consensus' });
        return this.settle(failed, 'escalate', action.why);
      case 'fail':
        await this.discardAttempt(failed, action.why);
        return this.settle(failed, 'fail', action.why);
      case 'emergency_stop':
        await this.control.emergencyStop(failed.planId, action.why);
        return [];
    }
  }

  private async settle(
    failed: FailedAttempt,
    mode: SettleMode,
    why: string,
    info: Record<string, unknown> = {},
    data: Record<string, unknown> = {},
  ): Promise<ClaimedTask[]> {
    const { planId, taskId, attempt, from, maxParallel } = failed;
    const eventData = { ...failed.data, ...data };
    const patch = { ...failed.info, ...info };
    return (
      await this.transitions.settle(planId, taskId, attempt, from, mode, why, eventData, patch, maxParallel)
    ).claimed;
  }

  /** Rollback (DESIGN §5): the attempt's checkout is discarded; the integration state is untouched. */
  private async discardAttempt({ workspace, planId, taskId, attempt }: FailedAttempt, why: string) {
    if (workspace) await (await this.workspaces.repo(workspace)).discardTask(planId, taskId, attempt);
    const logged = await this.events.appendOnce(
      {
        event: 'rollback',
        plan_id: planId,
        task_id: taskId,
        message: `attempt ${attempt} rolled back: ${why}`,
        data: { attempt },
      },
      `rollback:${taskId}:${attempt}`,
    );
    if (logged) this.metrics.rollbacks.inc();
  }
}
