import { Inject, Injectable } from '@nestjs/common';
import { type JobPayload, QueueName, stageJobId } from '@maker/contracts';
import { EventStreamWriter, LOGGER, planKeys, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanControlService } from '../control/plan-control.service.js';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { effectiveK } from '../scheduling/job-factory.js';
import { OrchestratorQueues } from '../scheduling/queues.provider.js';
import { PlanStore } from '../state/plan-store.js';
import { PlanTransitions } from '../state/plan-transitions.js';
import type { TaskState } from '../state/task-state.js';
import { WorkspaceService } from '../workspace/workspace.service.js';
import { decide, type FailureCondition, type PolicyAction } from './error-policy.js';
import { summarizeTaskPlan } from '../scheduling/prompt-context.js';

/** Carries out what the error policy decides for a failed attempt. */
@Injectable()
export class FailureHandlingService {
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly workspaces: WorkspaceService,
    private readonly queues: OrchestratorQueues,
    private readonly control: PlanControlService,
    private readonly metrics: OrchestratorMetrics,
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
    const data = { attempt, condition, reasons, error: result?.error, stats: result?.stats };
    const infoPatch = { red_flags: redFlagAttempts, last_error: action.why };
    await this.apply(meta.options.workspace, planId, taskId, attempt, action, from, data, infoPatch);
  }

  private async apply(
    workspace: string | undefined,
    planId: string,
    taskId: string,
    attempt: number,
    action: PolicyAction,
    from: TaskState[],
    data: Record<string, unknown>,
    infoPatch: Record<string, unknown>,
  ): Promise<void> {
    switch (action.kind) {
      case 'retry':
        if (action.rollback) await this.discardAttempt(workspace, planId, taskId, attempt, action.why);
        this.metrics.retries.inc();
        await this.transitions.settle(
          planId,
          taskId,
          attempt,
          from,
          'retry',
          action.why,
          { ...data, k: action.k },
          {
            ...infoPatch,
            feedback: action.feedback,
            ...(action.k ? { k: action.k } : {}),
            ...(action.timeoutScale ? { timeout_scale: action.timeoutScale } : {}),
          },
        );
        return;
      case 'replan':
        await this.discardAttempt(workspace, planId, taskId, attempt, action.why);
        await this.requestReplan(planId, taskId, attempt, action.reasons);
        this.metrics.escalations.inc({ reason: 'replan' });
        await this.transitions.settle(planId, taskId, attempt, from, 'escalate', action.why, data, {
          ...infoPatch,
          awaiting_replan: attempt,
        });
        return;
      case 'escalate':
        this.metrics.escalations.inc({ reason: 'consensus' });
        await this.transitions.settle(planId, taskId, attempt, from, 'escalate', action.why, data, infoPatch);
        return;
      case 'fail':
        await this.discardAttempt(workspace, planId, taskId, attempt, action.why);
        await this.transitions.settle(planId, taskId, attempt, from, 'fail', action.why, data, infoPatch);
        return;
      case 'emergency_stop':
        await this.control.emergencyStop(planId, action.why);
    }
  }

  /** Rollback (DESIGN §5): the attempt's checkout is discarded; the integration state is untouched. */
  private async discardAttempt(
    workspace: string | undefined,
    planId: string,
    taskId: string,
    attempt: number,
    why: string,
  ) {
    if (workspace) await (await this.workspaces.repo(workspace)).discardTask(planId, taskId, attempt);
    const marks = planKeys(this.config.MAKER_PREFIX, planId).marks;
    if (!(await this.redis.hsetnx(marks, `rollback:${taskId}:${attempt}`, 1))) return;
    this.metrics.rollbacks.inc();
    await this.events.append({
      event: 'rollback',
      plan_id: planId,
      task_id: taskId,
      message: `attempt ${attempt} rolled back: ${why}`,
      data: { attempt },
    });
  }

  private async requestReplan(
    planId: string,
    taskId: string,
    attempt: number,
    reasons: string[],
  ): Promise<void> {
    const meta = (await this.store.meta(planId))!;
    const task = (await this.store.task(planId, taskId))!;
    const { index: _index, phase: _phase, estimated_complexity: _c, ...spec } = task;
    await this.queues
      .queue(QueueName.replan)
      .add(
        'replan_requested',
        {
          plan_id: planId,
          task_id: taskId,
          attempt,
          trace: {},
          reasons,
          task: spec,
          task_plan: await summarizeTaskPlan(this.store, meta, task),
        },
        {
          jobId: stageJobId(planId, taskId, attempt, 'replan'),
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 86_400 },
        },
      );
  }
}
