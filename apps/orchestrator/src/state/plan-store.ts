import { createHash, randomUUID } from 'node:crypto';
import { chainLengths, type Plan, type PlanOptions, type PlanTask } from '@maker/contracts';
import { readyScore } from '../scheduling/task-order.js';
import { EventStreamWriter, globalKeys, planKeys } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { PlanState, TaskState } from '@maker/contracts';

const CHUNK = 2_000;

/** A stored task definition: the plan task plus its position in the plan. */
export interface StoredTask extends Omit<PlanTask, 'done'> {
  index: number;
  /** Tasks on the longest chain from this one to the end of the plan, itself included (see task-order). */
  chain_length?: number;
}

export interface PlanMeta {
  plan_id: string;
  title: string;
  description?: string;
  status: PlanState;
  format: string;
  task_count: number;
  created_at: string;
  finished_at?: string;
  body_hash: string;
  options: PlanOptions;
  architecture?: Plan['architecture'];
  seq: number;
  head?: string;
}

/** The parts of a plan that never change after it is stored: safe to cache in a process. */
export type PlanSettings = Pick<
  PlanMeta,
  'plan_id' | 'title' | 'description' | 'task_count' | 'options' | 'architecture'
>;

export type CreateOutcome =
  | { kind: 'created' | 'existing'; planId: string }
  | { kind: 'conflict'; planId: string };

/** Hash of a submission: the same plan id with the same body is the same plan. */
export function submissionHash(plan: unknown, options: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([plan, options]))
    .digest('hex');
}

/**
 * Stores plans in Redis (never only in memory) in a handful of hashes per plan, written in chunks,
 * so a 100,000-task plan is stored in seconds and never held whole in the orchestrator.
 */
export class PlanStore {
  private readonly settingsCache = new Map<string, PlanSettings>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** A plan's unchanging settings, cached per process (bounded). */
  async settings(planId: string): Promise<PlanSettings | undefined> {
    const cached = this.settingsCache.get(planId);
    if (cached) return cached;
    const meta = await this.meta(planId);
    if (!meta) return undefined;
    const { plan_id, title, description, task_count, options, architecture } = meta;
    const settings = { plan_id, title, description, task_count, options, architecture };
    if (this.settingsCache.size >= 10_000) this.settingsCache.delete(this.settingsCache.keys().next().value!);
    this.settingsCache.set(planId, settings);
    return settings;
  }

  /**
   * Creates the plan, or finds it when the same id was submitted with the same body. A crash while
   * storing leaves status `storing`; the next identical submission finishes the job.
   */
  async create(plan: Plan, options: PlanOptions, bodyHash: string): Promise<CreateOutcome> {
    const planId = plan.plan_id ?? `p-${randomUUID()}`;
    const keys = planKeys(this.prefix, planId);
    const claimed = await this.redis.hsetnx(keys.meta, 'body_hash', bodyHash);
    if (!claimed) {
      const [existingHash, status] = await this.redis.hmget(keys.meta, 'body_hash', 'status');
      if (existingHash !== bodyHash) return { kind: 'conflict', planId };
      if (status !== 'storing') return { kind: 'existing', planId };
    }
    await this.writePlan(planId, plan, options);
    return { kind: 'created', planId };
  }

  private async writePlan(planId: string, plan: Plan, options: PlanOptions): Promise<void> {
    const keys = planKeys(this.prefix, planId);
    const now = new Date().toISOString();
    await this.redis.hset(keys.meta, {
      plan_id: planId,
      title: plan.title,
      description: plan.description ?? '',
      status: 'storing',
      format: plan.format,
      task_count: plan.tasks.length,
      created_at: now,
      options: JSON.stringify(options),
      workspace: options.workspace ?? '',
      architecture: JSON.stringify(plan.architecture ?? null),
    });
    await this.writeTasks(planId, plan.tasks);
    await this.redis.zadd(globalKeys(this.prefix).plans, Date.now(), planId);
    // Active before accepted: a crash from here on leaves a plan the sweeper starts.
    await this.redis.sadd(globalKeys(this.prefix).active, planId);
    await this.redis.hset(keys.meta, 'status', 'accepted', 'seq', 0);
    await new EventStreamWriter(this.redis, this.prefix).append({
      event: 'plan_accepted',
      plan_id: planId,
      task_id: null,
      message: `plan "${plan.title}" accepted with ${plan.tasks.length} tasks`,
      data: { tasks: plan.tasks.length, title: plan.title },
    });
  }

  /** Initial states: done tasks completed, tasks with nothing left to wait for ready (group 0), the rest pending. */
  private async writeTasks(planId: string, tasks: PlanTask[]): Promise<void> {
    const keys = planKeys(this.prefix, planId);
    const dependents = new Map<string, string[]>();
    const done = new Set(tasks.filter((t) => t.done).map((t) => t.id));
    for (const task of tasks) {
      for (const dep of task.dependencies) {
        const list = dependents.get(dep);
        if (list) list.push(task.id);
        else dependents.set(dep, [task.id]);
      }
    }
    const chains = chainLengths(
      tasks.map((t) => t.id),
      tasks.map((t) => t.dependencies),
    );
    const counts: Partial<Record<TaskState, number>> = {};
    for (let start = 0; start < tasks.length; start += CHUNK) {
      // One multi-field command per hash per chunk: a 100,000-task plan is a few hundred commands.
      const rows: Record<
        'definition' | 'state' | 'attempt' | 'remaining' | 'dependents' | 'group',
        string[]
      > = {
        definition: [],
        state: [],
        attempt: [],
        remaining: [],
        dependents: [],
        group: [],
      };
      const ready: Array<string | number> = [];
      tasks.slice(start, start + CHUNK).forEach((task, offset) => {
        const index = start + offset;
        const remaining = task.dependencies.filter((d) => !done.has(d)).length;
        const state: TaskState = task.done ? 'completed' : remaining === 0 ? 'ready' : 'pending';
        counts[state] = (counts[state] ?? 0) + 1;
        const { done: _done, ...definition } = task;
        const chain_length = chains.get(task.id)!;
        rows.definition.push(task.id, JSON.stringify({ ...definition, index, chain_length }));
        rows.state.push(task.id, state);
        rows.attempt.push(task.id, '0');
        rows.remaining.push(task.id, String(remaining));
        rows.dependents.push(task.id, JSON.stringify(dependents.get(task.id) ?? []));
        if (state === 'ready') {
          ready.push(readyScore(index, chain_length), task.id);
          rows.group.push(task.id, '0');
        }
      });
      const pipeline = this.redis.pipeline();
      for (const [hash, fields] of Object.entries(rows))
        if (fields.length > 0) pipeline.hset(keys[hash as keyof typeof rows], ...fields);
      if (ready.length > 0) pipeline.zadd(keys.ready, ...ready);
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    }
    await this.redis.del(keys.counts);
    await this.redis.hset(keys.counts, counts as Record<string, number>);
  }

  async meta(planId: string): Promise<PlanMeta | undefined> {
    const raw = await this.redis.hgetall(planKeys(this.prefix, planId).meta);
    if (!raw.plan_id || raw.status === 'storing') return undefined;
    return {
      plan_id: raw.plan_id,
      title: raw.title,
      description: raw.description || undefined,
      status: raw.status as PlanState,
      format: raw.format,
      task_count: Number(raw.task_count),
      created_at: raw.created_at,
      finished_at: raw.finished_at,
      body_hash: raw.body_hash,
      options: JSON.parse(raw.options),
      architecture: JSON.parse(raw.architecture ?? 'null') ?? undefined,
      seq: Number(raw.seq ?? 0),
      head: raw.head,
    };
  }

  async counts(planId: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(planKeys(this.prefix, planId).counts);
    return Object.fromEntries(
      Object.entries(raw)
        .map(([k, v]) => [k, Number(v)])
        .filter(([, v]) => Number(v) > 0),
    );
  }

  async task(planId: string, taskId: string): Promise<StoredTask | undefined> {
    const raw = await this.redis.hget(planKeys(this.prefix, planId).definition, taskId);
    return raw ? (JSON.parse(raw) as StoredTask) : undefined;
  }

  async taskInfo(planId: string, taskId: string): Promise<Record<string, unknown>> {
    const raw = await this.redis.hget(planKeys(this.prefix, planId).info, taskId);
    return raw ? JSON.parse(raw) : {};
  }

  async taskState(planId: string, taskId: string): Promise<{ state?: TaskState; attempt: number }> {
    const keys = planKeys(this.prefix, planId);
    const [state, attempt] = await Promise.all([
      this.redis.hget(keys.state, taskId),
      this.redis.hget(keys.attempt, taskId),
    ]);
    return { state: (state ?? undefined) as TaskState | undefined, attempt: Number(attempt ?? 0) };
  }

  /** Every task's state, attempts and info, in plan order (for the API and the Cockpit). */
  async tasks(planId: string) {
    const keys = planKeys(this.prefix, planId);
    const [defs, states, attempts, infos] = await Promise.all([
      this.redis.hgetall(keys.definition),
      this.redis.hgetall(keys.state),
      this.redis.hgetall(keys.attempt),
      this.redis.hgetall(keys.info),
    ]);
    return Object.entries(defs)
      .map(([id, raw]) => ({ id, def: JSON.parse(raw) as StoredTask }))
      .sort((a, b) => a.def.index - b.def.index)
      .map(({ id, def }) => ({
        id,
        description: def.description,
        atom_type: def.atom_type,
        dependencies: def.dependencies,
        phase: def.phase,
        state: states[id] as TaskState,
        attempts: Number(attempts[id] ?? 0),
        info: infos[id] ? JSON.parse(infos[id]) : {},
      }));
  }

  async setMeta(planId: string, fields: Record<string, string | number>): Promise<void> {
    await this.redis.hset(planKeys(this.prefix, planId).meta, fields);
  }

  async listPlans(limit = 100): Promise<string[]> {
    return this.redis.zrevrange(globalKeys(this.prefix).plans, 0, limit - 1);
  }
}
