import type { PlanMeta, PlanStore, StoredTask } from '../state/plan-store.js';

const MAX_LINES = 60;

/** `task_plan` for the script generator: the plan, its size, and the tasks around this one. */
export async function summarizeTaskPlan(store: PlanStore, meta: PlanMeta, task: StoredTask): Promise<string> {
  const lines = [`Plan "${meta.title}" (${meta.task_count} tasks).`];
  if (meta.description) lines.push(meta.description);
  const around = await Promise.all(
    task.dependencies.slice(0, MAX_LINES).map((id) => store.task(meta.plan_id, id)),
  );
  for (const dep of around) if (dep) lines.push(`- ${dep.id} [${dep.atom_type}]: ${dep.description}`);
  lines.push(`- ${task.id} [${task.atom_type}] (this task): ${task.description}`);
  return lines.join('\n');
}

/** `execution_state`: the states and results of this task's dependencies. */
export async function describeExecutionState(
  store: PlanStore,
  meta: PlanMeta,
  task: StoredTask,
): Promise<string> {
  const counts = await store.counts(meta.plan_id);
  const lines = [
    `Task states: ${Object.entries(counts)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')}.`,
  ];
  for (const id of task.dependencies.slice(0, MAX_LINES)) {
    const [{ state }, info] = await Promise.all([
      store.taskState(meta.plan_id, id),
      store.taskInfo(meta.plan_id, id),
    ]);
    const result = info.result === undefined ? '' : `: ${JSON.stringify(info.result).slice(0, 400)}`;
    lines.push(`- ${id}: ${state}${result}`);
  }
  return lines.join('\n');
}
