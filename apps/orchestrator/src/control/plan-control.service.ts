import { Inject, Injectable } from '@nestjs/common';
import { EventStreamWriter, globalKeys, LOGGER, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { DispatcherService } from '../scheduling/dispatcher.service.js';
import { OrchestratorQueues } from '../scheduling/queues.provider.js';
import { PlanStore } from '../state/plan-store.js';
import { PlanTransitions } from '../state/plan-transitions.js';
import type { PlanState } from '@maker/contracts';
import { WorkspaceService } from '../workspace/workspace.service.js';

export type ControlResult =
  | { ok: true; status: string }
  | { ok: false; error: 'not_found' | 'conflict'; status?: string };

/** What people (and the error policy) do to whole plans and single tasks. */
@Injectable()
export class PlanControlService {
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly dispatcher: DispatcherService,
    private readonly queues: OrchestratorQueues,
    private readonly workspaces: WorkspaceService,
  ) {
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  /** accepted → running: verify the shadow repo, record the base, then dispatch the first tasks. */
  async start(planId: string): Promise<void> {
    const meta = await this.store.meta(planId);
    if (meta?.status !== 'accepted') return;
    if (meta.options.workspace) {
      try {
        const { base } = await this.workspaces.startPlan(meta.options.workspace, planId);
        await this.store.setMeta(planId, { base, head: base });
      } catch (error) {
        if (WorkspaceService.isCorruption(error))
          return void (await this.emergencyStop(planId, error.message));
        throw error;
      }
    }
    const started = await this.transitions.planTransition(planId, ['accepted'], 'running', {
      name: 'plan_started',
      message: 'plan started',
      data: { workspace: meta.options.workspace ?? null },
    });
    if (started.ok) await this.dispatcher.dispatch(planId);
  }

  pause(planId: string) {
    return this.changePlan(planId, ['running'], 'paused', 'plan_paused', 'paused by a person');
  }

  async resume(planId: string) {
    const result = await this.changePlan(
      planId,
      ['paused'],
      'running',
      'plan_resumed',
      'resumed by a person',
    );
    if (result.ok) await this.dispatcher.dispatch(planId);
    return result;
  }

  cancel(planId: string) {
    return this.changePlan(
      planId,
      ['accepted', 'running', 'paused'],
      'cancelled',
      'plan_cancelled',
      'cancelled by a person',
      true,
    );
  }

  /** A re-plan with a cycle (DESIGN §6): the plan halts with the cycle path; nothing more runs. */
  async halt(planId: string, reason: string, data: Record<string, unknown>) {
    this.logger.warn({ plan_id: planId, reason }, 'plan halted');
    return this.changePlan(planId, ['running', 'paused'], 'halted', 'plan_halted', reason, true, data);
  }

  /** Shadow git corruption: stop at once, cancel queued and running jobs, write nothing more. */
  async emergencyStop(planId: string, reason: string) {
    this.logger.error({ plan_id: planId, reason }, 'emergency stop');
    return this.changePlan(
      planId,
      ['accepted', 'running', 'paused'],
      'emergency_stopped',
      'emergency_stop',
      reason,
      true,
    );
  }

  /** A person retries an escalated, failed or skipped task, optionally with a new k or description. */
  async retryTask(
    planId: string,
    taskId: string,
    patch: { k?: number; description?: string },
  ): Promise<ControlResult> {
    if (!(await this.store.task(planId, taskId))) return { ok: false, error: 'not_found' };
    const infoPatch = { ...patch, feedback: [], red_flags: 0, awaiting_replan: false };
    const outcome = await this.transitions.personRetry(
      planId,
      taskId,
      infoPatch,
      `retried by a person${patch.k ? ` with k=${patch.k}` : ''}`,
    );
    if (outcome !== 'ok') return { ok: false, error: 'conflict', status: outcome.replace(/^conflict:/, '') };
    await this.redis.sadd(globalKeys(this.config.MAKER_PREFIX).active, planId);
    await this.dispatcher.dispatch(planId);
    return { ok: true, status: 'retrying' };
  }

  async skipTask(planId: string, taskId: string): Promise<ControlResult> {
    if (!(await this.store.task(planId, taskId))) return { ok: false, error: 'not_found' };
    const outcome = await this.transitions.personSkip(planId, taskId, 'skipped by a person');
    if (outcome !== 'ok') return { ok: false, error: 'conflict', status: outcome.replace(/^conflict:/, '') };
    await this.dispatcher.dispatch(planId);
    return { ok: true, status: 'skipped' };
  }

  async snapshots(planId: string) {
    const meta = await this.store.meta(planId);
    if (!meta?.options.workspace) return [];
    return (await this.workspaces.repo(meta.options.workspace)).listSnapshots(planId);
  }

  /** Time travel: a new commit on the plan's integration state restoring a snapshot's tree. */
  async rollback(planId: string, snapshotId: string): Promise<ControlResult & { commit?: string }> {
    const meta = await this.store.meta(planId);
    if (!meta) return { ok: false, error: 'not_found' };
    if (!meta.options.workspace) return { ok: false, error: 'conflict', status: 'no workspace' };
    const repo = await this.workspaces.repo(meta.options.workspace);
    if (!(await repo.listSnapshots(planId)).some((s) => s.id === snapshotId))
      return { ok: false, error: 'not_found' };
    const { commit } = await repo.rollbackPlan(planId, snapshotId);
    await repo.syncWorkspace(planId);
    await this.store.setMeta(planId, { head: commit });
    const data = { snapshot: snapshotId, commit };
    await this.events.append({
      event: 'rollback',
      plan_id: planId,
      task_id: null,
      message: `plan rolled back to snapshot ${snapshotId}`,
      data,
    });
    return { ok: true, status: meta.status, commit };
  }

  private async changePlan(
    planId: string,
    from: PlanState[],
    to: PlanState,
    event: string,
    message: string,
    cancelTasks = false,
    data: Record<string, unknown> = {},
  ): Promise<ControlResult> {
    if (!(await this.store.meta(planId))) return { ok: false, error: 'not_found' };
    const result = await this.transitions.planTransition(
      planId,
      from,
      to,
      { name: event, message, data },
      cancelTasks,
    );
    if (!result.ok) return { ok: false, error: 'conflict', status: result.conflict };
    if (cancelTasks) await this.stopJobs(planId, result.stopped);
    return { ok: true, status: to };
  }

  /** Removes queued jobs of the stopped attempts and tells executors to abort running ones. */
  private async stopJobs(planId: string, stopped: string[]): Promise<void> {
    const attempts = stopped.map((entry) => {
      const [taskId, attempt] = entry.split(':');
      return { taskId, attempt: Number(attempt) };
    });
    await this.queues.removeAttemptJobs(planId, attempts);
    await this.redis.publish(
      globalKeys(this.config.MAKER_PREFIX).control,
      JSON.stringify({ action: 'cancel', plan_id: planId }),
    );
    await this.redis.srem(globalKeys(this.config.MAKER_PREFIX).active, planId);
  }
}
