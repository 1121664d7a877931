import { chainLengths, isSafeId, type PlanIssue, validatePlanInput } from '@maker/contracts';
import type { StoredTask } from '../state/plan-store.js';
import type { SplicedTask } from '../state/plan-transitions.js';

export type SpliceDecision =
  | { kind: 'splice'; subtasks: SplicedTask[] }
  | { kind: 'cycle'; cycle: string[]; message: string }
  | { kind: 'invalid'; issues: PlanIssue[] };

/**
 * Turns the Architect's replacement sub-plan into tasks of the plan: validated like any plan
 * (cycles included), ids prefixed with the replaced task's id, and every sub-task a dependency of
 * the replaced task, which completes once they all have.
 */
export function spliceSubPlan(parent: StoredTask, answer: unknown): SpliceDecision {
  const input =
    answer && typeof answer === 'object' && 'plan' in answer ? (answer as { plan: unknown }).plan : answer;
  const validation = validatePlanInput(input);
  if (!validation.ok) {
    const cycle = validation.errors.find((e) => e.code === 'circular_dependency');
    if (cycle) return { kind: 'cycle', cycle: cycle.cycle ?? [], message: cycle.message };
    return { kind: 'invalid', issues: validation.errors };
  }
  const tasks = validation.plan.tasks;
  const idOf = (id: string) => `${parent.id}.${id}`;
  const unsafe = tasks.map((t) => idOf(t.id)).filter((id) => !isSafeId(id));
  if (unsafe.length > 0) {
    return {
      kind: 'invalid',
      issues: unsafe.map((id) => ({
        code: 'unsafe_task_id',
        task_id: id,
        message: `spliced task id "${id}" is not a safe identifier`,
      })),
    };
  }
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, [parent.id]]));
  for (const task of tasks) for (const dep of task.dependencies) dependents.get(dep)!.unshift(idOf(task.id));
  // The parent waits for every sub-task, so each chain runs on through the parent's own.
  const chains = chainLengths(
    tasks.map((t) => t.id),
    tasks.map((t) => t.dependencies),
  );
  const subtasks = tasks.map((task, i): SplicedTask => {
    const definition: StoredTask = {
      id: idOf(task.id),
      description: task.description,
      atom_type: task.atom_type,
      estimated_complexity: task.estimated_complexity,
      seed_symbols: task.seed_symbols,
      inputs: task.inputs,
      outputs: task.outputs,
      dependencies: task.dependencies.map(idOf),
      phase: parent.phase,
      index: parent.index + (i + 1) / (tasks.length + 1),
      chain_length: chains.get(task.id)! + (parent.chain_length ?? 1),
    };
    return {
      id: definition.id,
      definition: JSON.stringify(definition),
      remaining: task.dependencies.length,
      dependents: dependents.get(task.id)!,
    };
  });
  return { kind: 'splice', subtasks };
}
