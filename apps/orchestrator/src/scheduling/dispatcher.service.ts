import { Inject, Injectable } from '@nestjs/common';
import { EventStreamWriter, planKeys, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanStore, type PlanMeta } from '../state/plan-store.js';
import { PlanTransitions } from '../state/plan-transitions.js';
import { WorkspaceService } from '../workspace/workspace.service.js';
import { executeJob, generateJob, type StageJob } from './job-factory.js';
import { OrchestratorQueues } from './queues.provider.js';
import { describeExecutionState, summarizeTaskPlan } from './prompt-context.js';

/** Deletes a dispatch entry only when it is still the one that was sent (another stage may have replaced it). */
const CLEAR_DISPATCH = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;

/**
 * Claims ready tasks and sends their jobs. Claiming writes a dispatch entry in the same atomic step
 * as the state change; entries are removed only after their job is added, so a crash in between
 * re-sends the job (same deterministic id) instead of losing it.
 */
@Injectable()
export class DispatcherService {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly queues: OrchestratorQueues,
    private readonly workspaces: WorkspaceService,
  ) {
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  /** Dispatches a plan; concurrent calls for one plan coalesce into one more pass. */
  dispatch(planId: string): Promise<void> {
    const current = this.running.get(planId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = this.dispatchLoop(planId, state).finally(() => this.running.delete(planId));
    this.running.set(planId, state);
    return state.done;
  }

  private async dispatchLoop(planId: string, state: { again: boolean }): Promise<void> {
    do {
      state.again = false;
      const meta = await this.store.meta(planId);
      if (!meta) return;
      if (meta.status === 'running')
        await this.transitions.claimReady(planId, meta.options.max_parallel, 1_000);
      await this.flush(meta);
    } while (state.again);
  }

  /** Sends the job of every dispatch entry of the plan. */
  private async flush(meta: PlanMeta): Promise<void> {
    const keys = planKeys(this.config.MAKER_PREFIX, meta.plan_id);
    const entries = Object.entries(await this.redis.hgetall(keys.dispatch));
    if (entries.length === 0) return;
    const jobs: StageJob[] = [];
    for (const [taskId, entry] of entries) {
      const job = await this.jobFor(meta, taskId, entry);
      if (job) jobs.push(job);
    }
    await this.queues.addAll(jobs);
    const pipeline = this.redis.pipeline();
    for (const [taskId, entry] of entries) pipeline.eval(CLEAR_DISPATCH, 1, keys.dispatch, taskId, entry);
    await pipeline.exec();
  }

  private async jobFor(meta: PlanMeta, taskId: string, entry: string): Promise<StageJob | undefined> {
    const [stage, attemptText, group, first] = entry.split(':');
    const attempt = Number(attemptText);
    const task = await this.store.task(meta.plan_id, taskId);
    if (!task) return undefined;
    const info = await this.store.taskInfo(meta.plan_id, taskId);
    if (stage === 'generate') {
      if (first === '1') await this.snapshotGroup(meta, group);
      const [taskPlan, executionState] = await Promise.all([
        summarizeTaskPlan(this.store, meta, task),
        describeExecutionState(this.store, meta, task),
      ]);
      return generateJob({ meta, task, attempt, info, taskPlan, executionState });
    }
    const script = await this.redis.hget(planKeys(this.config.MAKER_PREFIX, meta.plan_id).script, taskId);
    return executeJob(meta, task, attempt, info, script ?? '');
  }

  /** A group's first task snapshots the integration state before it starts (DESIGN §5). */
  private async snapshotGroup(meta: PlanMeta, group: string): Promise<void> {
    const keys = planKeys(this.config.MAKER_PREFIX, meta.plan_id);
    let data: Record<string, unknown> = { group: Number(group) };
    if (meta.options.workspace) {
      const repo = await this.workspaces.repo(meta.options.workspace);
      const snapshot = await repo.snapshotGroup(meta.plan_id, `g${group}`, `task group ${group}`);
      data = { ...data, snapshot: snapshot.snapshotId, commit: snapshot.commit };
    }
    if (!(await this.redis.hsetnx(keys.marks, `snapshot:${group}`, 1))) return;
    await this.events.append({
      event: 'snapshot',
      plan_id: meta.plan_id,
      task_id: null,
      message: `snapshot before task group ${group}`,
      data,
    });
  }
}
