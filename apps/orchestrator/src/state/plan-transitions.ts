import { EventStreamWriter, luaKeys, planKeys } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import { PERSON_RETRY, PERSON_SKIP, PLAN_TRANSITION } from './lua/person-scripts.lua.js';
import { PRELUDE } from './lua/prelude.lua.js';
import { ADVANCE_TASK, CLAIM_READY, COMPLETE_TASK, SETTLE_ATTEMPT } from './lua/task-scripts.lua.js';
import type { PlanState, TaskState } from './task-state.js';

const SCRIPTS = {
  makerClaimReady: CLAIM_READY,
  makerAdvanceTask: ADVANCE_TASK,
  makerCompleteTask: COMPLETE_TASK,
  makerSettleAttempt: SETTLE_ATTEMPT,
  makerPersonRetry: PERSON_RETRY,
  makerPersonSkip: PERSON_SKIP,
  makerPlanTransition: PLAN_TRANSITION,
} as const;
type ScriptName = keyof typeof SCRIPTS;
type LuaReply<T> = [T, string[]];

export type SettleMode = 'retry' | 'escalate' | 'fail';

/**
 * The only writer of plan and task state: every change is one atomic Lua call that checks the
 * expected current state and attempt, updates counts and appends its event with a gap-free seq.
 */
export class PlanTransitions {
  private readonly events: EventStreamWriter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.events = new EventStreamWriter(redis, prefix);
    for (const [name, body] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 13, lua: `${PRELUDE}\n${body}` });
    }
  }

  /** Moves up to `limit` ready tasks to generating, within the plan's `max_parallel`. */
  claimReady(planId: string, maxParallel: number, limit: number): Promise<string[]> {
    return this.run<string[]>('makerClaimReady', planId, [maxParallel, limit]);
  }

  /** One step of an attempt (generating → executing → verifying); false when already taken. */
  async advance(
    planId: string,
    taskId: string,
    attempt: number,
    from: TaskState[],
    to: TaskState,
    event?: { name: string; message: string; data?: Record<string, unknown> },
    dispatch = '',
    script = '',
  ): Promise<boolean> {
    const args = [
      taskId,
      attempt,
      from.join(','),
      to,
      event?.name ?? '',
      event?.message ?? '',
      json(event?.data),
      dispatch,
      script,
    ];
    return (await this.run<number>('makerAdvanceTask', planId, args)) === 1;
  }

  /** verifying → completed; returns how many dependents became ready, or -1 when already settled. */
  complete(
    planId: string,
    taskId: string,
    attempt: number,
    message: string,
    data: Record<string, unknown>,
    infoPatch: Record<string, unknown> = {},
  ) {
    return this.run<number>('makerCompleteTask', planId, [
      taskId,
      attempt,
      message,
      json(data),
      json(infoPatch),
    ]);
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
    infoPatch: Record<string, unknown> = {},
  ): Promise<boolean> {
    const args = [taskId, attempt, from.join(','), mode, message, json(data), json(infoPatch)];
    return (await this.run<number>('makerSettleAttempt', planId, args)) === 1;
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
    const keys = luaKeys(planKeys(this.prefix, planId));
    const command = (this.redis as unknown as Record<ScriptName, (...a: unknown[]) => Promise<LuaReply<T>>>)[
      script
    ];
    const [result, lifecycle] = await command.call(
      this.redis,
      ...keys,
      planId,
      new Date().toISOString(),
      ...args,
    );
    await this.events.publishLifecycle(lifecycle);
    return result;
  }
}

function json(value: Record<string, unknown> | undefined): string {
  return JSON.stringify(value ?? {});
}
