import { EventStreamWriter, luaKeys, planKeys, TickBatcher } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import { PERSON_RETRY, PERSON_SKIP, PLAN_TRANSITION } from './lua/person-scripts.lua.js';
import { SPLICE_TASK } from './lua/splice-script.lua.js';
import { PRELUDE } from './lua/prelude.lua.js';
import { ADVANCE_TASKS, CLAIM_READY, COMPLETE_TASKS, SETTLE_ATTEMPT } from './lua/task-scripts.lua.js';
import type { StoredTask } from './plan-store.js';
import type { DependencyReads } from '../scheduling/prompt-context.js';
import type { PlanState, TaskState } from '@maker/contracts';

const SCRIPTS = {
  makerClaimReady: CLAIM_READY,
  makerAdvanceTasks: ADVANCE_TASKS,
  makerCompleteTasks: COMPLETE_TASKS,
  makerSettleAttempt: SETTLE_ATTEMPT,
  makerPersonRetry: PERSON_RETRY,
  makerPersonSkip: PERSON_SKIP,
  makerPlanTransition: PLAN_TRANSITION,
  makerSpliceTask: SPLICE_TASK,
} as const;
type ScriptName = keyof typeof SCRIPTS;
type ClaimReply = Array<string | DependencyReads | []>;
type LuaReply<T> = [T, string[], ClaimReply, string[]];

export type SettleMode = 'retry' | 'escalate' | 'fail';

/** A sub-task of a re-plan, ready to store: mapped ids, definition JSON, open dependencies, dependents. */
export interface SplicedTask {
  id: string;
  definition: string;
  remaining: number;
  dependents: string[];
}

export type Advanced = { ok: false } | { ok: true; definition: StoredTask; info: Record<string, unknown> };

interface Completion {
  maxParallel: number;
  args: Array<string | number>;
}

/**
 * A task a transition moved to generating: its dispatch entry, definition and info, ready to build a
 * job; with what its prompt context needs, read in the same call (absent when re-sent by recovery).
 */
export interface ClaimedTask {
  taskId: string;
  entry: string;
  definition: StoredTask;
  info: Record<string, unknown>;
  context?: { counts: Record<string, string>; dependencies: DependencyReads };
}

function claimedFrom(flat: ClaimReply, countsFlat: string[]): ClaimedTask[] {
  const counts: Record<string, string> = {};
  for (let i = 0; i + 1 < countsFlat.length; i += 2) counts[countsFlat[i]] = countsFlat[i + 1];
  const claimed: ClaimedTask[] = [];
  for (let i = 0; i + 4 < flat.length; i += 5) {
    const reads = flat[i + 4] as DependencyReads | [];
    claimed.push({
      taskId: flat[i] as string,
      entry: flat[i + 1] as string,
      definition: JSON.parse(flat[i + 2] as string),
      info: parseInfo(flat[i + 3] as string),
      context: { counts, dependencies: reads.length === 3 ? reads : [[], [], []] },
    });
  }
  return claimed;
}

/** Lua's cjson writes an empty table as {} and lists as arrays; info is always an object. */
function parseInfo(raw: string | undefined): Record<string, unknown> {
  const value = raw ? JSON.parse(raw) : {};
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * The only writer of plan and task state: every change is one atomic Lua call that checks the
 * expected current state and attempt, updates counts and appends its event with a gap-free seq.
 */
export class PlanTransitions {
  private readonly events: EventStreamWriter;
  private readonly advances = new TickBatcher((planId, items: Array<Array<string | number>>) =>
    this.advanceBatch(planId, items),
  );
  private readonly completions = new TickBatcher((planId, items: Completion[]) =>
    this.completeBatch(planId, items),
  );

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {
    this.events = new EventStreamWriter(redis, prefix);
    for (const [name, body] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 13, lua: `${PRELUDE}\n${body}` });
    }
  }

  /** Moves up to `limit` ready tasks to generating, within the plan's `max_parallel`. */
  async claimReady(planId: string, maxParallel: number, limit: number): Promise<ClaimedTask[]> {
    return (await this.runWithClaims<number>('makerClaimReady', planId, [maxParallel, limit])).claimed;
  }

  /**
   * One step of an attempt (generating → executing → verifying); not ok when already taken.
   * Steps of one plan asked for in the same turn run as one Lua call.
   */
  advance(
    planId: string,
    taskId: string,
    attempt: number,
    from: TaskState[],
    to: TaskState,
    event?: { name: string; message: string; data?: Record<string, unknown> },
    dispatch = '',
    script = '',
  ): Promise<Advanced> {
    const eventArgs = [event?.name ?? '', event?.message ?? '', json(event?.data)];
    return this.advances.add(planId, [taskId, attempt, from.join(','), to, ...eventArgs, dispatch, script]);
  }

  /**
   * `from` → completed; dependents whose last dependency this was become ready, and ready tasks are
   * claimed up to `maxParallel`. `completed` is false when the attempt was already settled.
   * Completions of one plan asked for in the same turn run as one Lua call, which claims once: the
   * first caller of the batch gets every claimed task (to send), the others none.
   */
  complete(
    planId: string,
    taskId: string,
    attempt: number,
    completion: {
      message: string;
      data: Record<string, unknown>;
      info: Record<string, unknown>;
      from: TaskState[];
      maxParallel: number;
    },
  ): Promise<{ completed: boolean; claimed: ClaimedTask[] }> {
    const { message, data, info, from, maxParallel } = completion;
    return this.completions.add(planId, {
      maxParallel,
      args: [taskId, attempt, message, json(data), json(info), from.join(',')],
    });
  }

  private async advanceBatch(planId: string, items: Array<Array<string | number>>): Promise<Advanced[]> {
    const { result } = await this.runWithClaims<Array<[number, string?, string?]>>(
      'makerAdvanceTasks',
      planId,
      items.flat(),
    );
    return result.map(([ok, definition, info]) =>
      ok === 1 ? { ok: true, definition: JSON.parse(definition!), info: parseInfo(info) } : { ok: false },
    );
  }

  private async completeBatch(planId: string, items: Completion[]) {
    const args = [items[0].maxParallel, ...items.flatMap((item) => item.args)];
    const { result, claimed } = await this.runWithClaims<number[]>('makerCompleteTasks', planId, args);
    return result.map((newly, i) => ({ completed: newly >= 0, claimed: i === 0 ? claimed : [] }));
  }

  /** Ends an attempt as the error policy decided; false when the attempt was already settled. */
  async settle(
    planId: string,
    taskId: string,
    attempt: number,
    from: TaskState[],
    mode: SettleMode,
    message: string,
    data: Record<string, unknown>,
    infoPatch: Record<string, unknown>,
    maxParallel: number,
  ): Promise<{ settled: boolean; claimed: ClaimedTask[] }> {
    const args = [taskId, attempt, from.join(','), mode, message, json(data), json(infoPatch), maxParallel];
    const { result, claimed } = await this.runWithClaims<number>('makerSettleAttempt', planId, args);
    return { settled: result === 1, claimed };
  }

  /** Splices a re-plan's sub-tasks in place of an escalated task; 'ok' or 'conflict:<why>'. */
  async splice(
    planId: string,
    taskId: string,
    attempt: number,
    subtasks: SplicedTask[],
    message: string,
    maxParallel: number,
  ) {
    const args = [taskId, attempt, JSON.stringify(subtasks), message, maxParallel];
    return this.runWithClaims<string>('makerSpliceTask', planId, args);
  }

  /** A person retries an escalated, failed or skipped task; returns 'ok' or 'conflict:<state>'. */
  personRetry(planId: string, taskId: string, infoPatch: Record<string, unknown>, message: string) {
    return this.run<string>('makerPersonRetry', planId, [taskId, json(infoPatch), message]);
  }

  /** A person skips a task; its dependents are skipped too. Returns 'ok' or 'conflict:<state>'. */
  personSkip(planId: string, taskId: string, message: string) {
    return this.run<string>('makerPersonSkip', planId, [taskId, message]);
  }

  /**
   * Changes the plan's state when it is one of `from`. With `cancelTasks`, every unfinished task is
   * cancelled and the in-flight ones are returned (`task:attempt`) so their jobs can be stopped.
   */
  async planTransition(
    planId: string,
    from: PlanState[],
    to: PlanState,
    event: { name: string; message: string; data?: Record<string, unknown> },
    cancelTasks = false,
  ): Promise<{ ok: boolean; conflict?: string; stopped: string[] }> {
    const args = [from.join(','), to, event.name, event.message, json(event.data), cancelTasks ? '1' : '0'];
    const [head, ...stopped] = await this.run<string[]>('makerPlanTransition', planId, args);
    if (head !== 'ok') return { ok: false, conflict: head.replace(/^conflict:/, ''), stopped: [] };
    return { ok: true, stopped };
  }

  private async run<T>(script: ScriptName, planId: string, args: Array<string | number>): Promise<T> {
    return (await this.runWithClaims<T>(script, planId, args)).result;
  }

  private async runWithClaims<T>(script: ScriptName, planId: string, args: Array<string | number>) {
    const keys = luaKeys(planKeys(this.prefix, planId));
    type Command = (...a: unknown[]) => Promise<LuaReply<T>>;
    const command = (this.redis as unknown as Record<ScriptName, Command>)[script];
    const now = new Date().toISOString();
    const [result, lifecycle, claimed, counts] = await command.call(
      this.redis,
      ...keys,
      planId,
      now,
      ...args,
    );
    if (lifecycle.length > 0) this.copyLifecycle(lifecycle);
    return { result, claimed: claimedFrom(claimed, counts) };
  }

  /**
   * Copies plan-level events to the all-plans lifecycle stream without holding up dispatch: the copy
   * is sent on the same connection, ahead of any job the caller sends next. Awaiting it would add a
   * round trip to every task-group start and make nothing safer (a retried result finds its
   * transition done and would not copy again).
   */
  private copyLifecycle(lifecycle: string[]): void {
    this.events.publishLifecycle(lifecycle).catch((error: Error) => {
      this.logger?.warn({ err: error.message, events: lifecycle.length }, 'lifecycle copy failed');
    });
  }
}

function json(value: Record<string, unknown> | undefined): string {
  return JSON.stringify(value ?? {});
}
