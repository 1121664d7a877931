import { Inject, Injectable } from '@nestjs/common';
import { EventStreamWriter, planKeys, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { type PlanSettings, PlanStore, type StoredTask } from '../state/plan-store.js';
import { type ClaimedTask, PlanTransitions } from '../state/plan-transitions.js';
import { WorkspaceService } from '../workspace/workspace.service.js';
import { executeJob, generateJob, type StageJob } from './job-factory.js';
import { describeContext, type PromptContext, promptContexts } from './prompt-context.js';
import { OrchestratorQueues } from './queues.provider.js';

/** A dispatch entry older than this whose task has not moved on is re-sent by `recover`. */
const RESEND_AFTER_MS = 10_000;

/**
 * Sends the jobs of claimed tasks. A transition that claims a task writes a dispatch entry (stage,
 * attempt, claim time) in the same atomic step; the task's next transition replaces or removes it.
 * An entry that stays past RESEND_AFTER_MS means the job may never have been sent (a crash between
 * claim and send): `recover` sends it again under the same deterministic id, which BullMQ ignores
 * when the job exists.
 */
@Injectable()
export class DispatcherService {
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

  /** Claims what fits of the plan's ready tasks and sends their jobs. */
  async dispatch(planId: string): Promise<void> {
    const plan = await this.store.settings(planId);
    if (!plan) return;
    await this.send(plan, await this.transitions.claimReady(planId, plan.options.max_parallel, 1_000));
  }

  /** Sends generate jobs for tasks a transition claimed. */
  async send(plan: PlanSettings, claimed: ClaimedTask[]): Promise<void> {
    if (claimed.length === 0) return;
    const generating = claimed.filter((c) => !c.entry.startsWith('complete:'));
    await this.queues.addAll(await this.generateJobs(plan, generating));
    for (const task of claimed.filter((c) => c.entry.startsWith('complete:')))
      await this.completeSpliced(plan, task);
  }

  /** A re-planned task whose sub-tasks all completed completes itself, without a job. */
  private async completeSpliced(plan: PlanSettings, task: ClaimedTask): Promise<void> {
    const attempt = Number(task.entry.split(':')[1]);
    const { claimed } = await this.transitions.complete(plan.plan_id, task.taskId, attempt, {
      message: 'every task of its re-plan completed',
      data: { attempt, spliced: true, subtasks: task.info.subtasks ?? [] },
      info: {},
      from: ['verifying'],
      maxParallel: plan.options.max_parallel,
    });
    await this.send(plan, claimed);
  }

  /** Sends the execute job of a task whose script was generated. */
  async sendExecute(
    plan: PlanSettings,
    task: StoredTask,
    attempt: number,
    info: Record<string, unknown>,
    script: string,
  ): Promise<void> {
    await this.queues.addAll([executeJob(plan, task, attempt, info, script)]);
  }

  /** Re-sends every job whose dispatch entry was never cleared (a crash between claim and send). */
  async recover(planId: string): Promise<void> {
    const plan = await this.store.settings(planId);
    if (!plan) return;
    const keys = planKeys(this.config.MAKER_PREFIX, planId);
    const stale = Date.now() - RESEND_AFTER_MS;
    const entries = Object.entries(await this.redis.hgetall(keys.dispatch)).filter(
      ([, e]) => Number(e.split(':')[4]) < stale,
    );
    for (const [taskId, entry] of entries) {
      const [definition, info, script] = await this.redis
        .pipeline()
        .hget(keys.definition, taskId)
        .hget(keys.info, taskId)
        .hget(keys.script, taskId)
        .exec()
        .then((r) => (r ?? []).map((x) => x[1] as string | null));
      if (!definition) continue;
      const claimed = {
        taskId,
        entry,
        definition: JSON.parse(definition),
        info: info ? JSON.parse(info) : {},
      };
      const [stage, attempt] = entry.split(':');
      if (stage === 'execute')
        await this.sendExecute(plan, claimed.definition, Number(attempt), claimed.info, script ?? '');
      else await this.send(plan, [claimed]);
    }
  }

  /** Generate jobs of claimed tasks: group snapshots first, then the prompt contexts. */
  private async generateJobs(plan: PlanSettings, claimed: ClaimedTask[]): Promise<StageJob[]> {
    const entries = claimed.map((task) => task.entry.split(':'));
    for (const [, , group, first] of entries) if (first === '1') await this.snapshotGroup(plan, group);
    const contexts = await this.contextsOf(plan, claimed);
    return claimed.map((task, i) =>
      generateJob({
        plan,
        task: task.definition,
        attempt: Number(entries[i][1]),
        info: task.info,
        ...contexts[i],
      }),
    );
  }

  /** From what the claim read in the same call; recovery's re-sends read them now, in one round trip. */
  private async contextsOf(plan: PlanSettings, claimed: ClaimedTask[]): Promise<PromptContext[]> {
    if (claimed.every((task) => task.context))
      return claimed.map(({ definition, context }) =>
        describeContext(plan, definition, context!.counts, context!.dependencies),
      );
    const tasks = claimed.map((task) => task.definition);
    return promptContexts(this.redis, this.config.MAKER_PREFIX, plan, tasks);
  }

  /** A group's first task snapshots the plan's integration state before it starts (DESIGN §5). */
  private async snapshotGroup(plan: PlanSettings, group: string): Promise<void> {
    const repo = await this.workspaces.repo(plan.options.workspace!);
    const snapshot = await repo.snapshotGroup(plan.plan_id, `g${group}`, `task group ${group}`);
    await this.events.appendOnce(
      {
        event: 'snapshot',
        plan_id: plan.plan_id,
        task_id: null,
        message: `snapshot before task group ${group}`,
        data: { group: Number(group), snapshot: snapshot.snapshotId, commit: snapshot.commit },
      },
      `snapshot:${group}`,
    );
  }
}
