import { planKeys } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { PlanSettings, StoredTask } from '../state/plan-store.js';

/** Dependencies a prompt context describes; the claim's Lua reads the same number (prelude). */
export const MAX_DEPENDENCIES = 60;

/** Of a task's first dependencies: definitions (JSON), states, infos (JSON); null when missing. */
export type DependencyReads = [Array<string | null>, Array<string | null>, Array<string | null>];

export interface PromptContext {
  /** `task_plan`: the plan, its size, and the tasks this one depends on. */
  taskPlan: string;
  /** `execution_state`: task counts, and the states and results of this task's dependencies. */
  executionState: string;
}

/** The script generator's context variables (DESIGN §7) of several tasks, read in one Redis round trip. */
export async function promptContexts(
  redis: Redis,
  prefix: string,
  plan: PlanSettings,
  tasks: StoredTask[],
): Promise<PromptContext[]> {
  if (tasks.length === 0) return [];
  const keys = planKeys(prefix, plan.plan_id);
  const pipeline = redis.pipeline().hgetall(keys.counts);
  const depsOf = tasks.map((task) => task.dependencies.slice(0, MAX_DEPENDENCIES));
  for (const deps of depsOf)
    if (deps.length > 0)
      pipeline
        .hmget(keys.definition, ...deps)
        .hmget(keys.state, ...deps)
        .hmget(keys.info, ...deps);
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const counts = (replies[0] ?? {}) as Record<string, string>;
  let next = 1;
  return tasks.map((task, i) => {
    const deps = depsOf[i];
    if (deps.length === 0) return describeContext(plan, task, counts, [[], [], []]);
    const read = replies.slice(next, next + 3) as DependencyReads;
    next += 3;
    return describeContext(plan, task, counts, read);
  });
}

/** Formats the context from what was read: task counts by state and the dependency reads. */
export function describeContext(
  plan: PlanSettings,
  task: StoredTask,
  counts: Record<string, string>,
  [defs, states, infos]: DependencyReads,
): PromptContext {
  const deps = task.dependencies.slice(0, MAX_DEPENDENCIES);
  const planLines = [
    `Plan "${plan.title}" (${plan.task_count} tasks).`,
    ...(plan.description ? [plan.description] : []),
  ];
  const stateLines = [
    `Task states: ${Object.entries(counts)
      .filter(([, n]) => Number(n) > 0)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}.`,
  ];
  deps.forEach((id, i) => {
    const def = defs[i] ? (JSON.parse(defs[i]!) as StoredTask) : undefined;
    if (def) planLines.push(`- ${id} [${def.atom_type}]: ${def.description}`);
    const result = infos[i] ? (JSON.parse(infos[i]!) as { result?: unknown }).result : undefined;
    stateLines.push(
      `- ${id}: ${states[i] ?? 'unknown'}${result === undefined ? '' : `: ${JSON.stringify(result).slice(0, 400)}`}`,
    );
  });
  planLines.push(`- ${task.id} [${task.atom_type}] (this task): ${task.description}`);
  return { taskPlan: planLines.join('\n'), executionState: stateLines.join('\n') };
}
