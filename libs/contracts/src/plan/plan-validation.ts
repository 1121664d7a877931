import { parseAtomType } from './atom-type.js';
import { findCycle, topologicalOrder } from './plan-graph.js';
import type { PlanIssue } from './plan-issue.js';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from './plan-limits.js';
import type { Plan, PlanTask } from './plan.schema.js';
import { isSafeId } from './safe-id.js';

/** A task whose atom type and dependency references are still as written. */
export interface UncheckedTask extends Omit<PlanTask, 'atom_type'> {
  atom_type: string;
}

export type PlanValidationResult =
  | { ok: true; plan: Plan; order: string[] }
  | { ok: false; errors: PlanIssue[] };

/**
 * Checks every structural rule of DESIGN §3 on tasks whose dependencies are already task ids:
 * empty plans, size, safe and unique ids, atom types, unknown and self dependencies, then cycles.
 */
export function validateTaskGraph(
  plan: Omit<Plan, 'tasks'> & { tasks: UncheckedTask[] },
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlanValidationResult {
  const { tasks } = plan;
  if (tasks.length === 0) return fail({ code: 'empty_plan', message: 'the plan has no tasks' });
  if (tasks.length > limits.maxTasks) {
    return fail({
      code: 'too_large',
      message: `the plan has ${tasks.length} tasks; the limit is ${limits.maxTasks}`,
    });
  }
  const errors = [...checkIds(tasks), ...checkAtomTypes(tasks)];
  const indexById = new Map(tasks.map((t, i) => [t.id, i]));
  errors.push(...checkDependencies(tasks, indexById));
  if (errors.length > 0) return { ok: false, errors };

  const ids = tasks.map((t) => t.id);
  const edges = tasks.map((t) => t.dependencies.map((d) => indexById.get(d)!));
  const cycle = findCycle(ids, edges);
  if (cycle) {
    return fail({
      code: 'circular_dependency',
      message: `circular dependency: ${cycle.join(' → ')}`,
      task_id: cycle[0],
      cycle,
    });
  }
  const normalized: Plan = {
    ...plan,
    tasks: tasks.map((t) => ({ ...t, atom_type: parseAtomType(t.atom_type)! })),
  };
  return { ok: true, plan: normalized, order: topologicalOrder(ids, edges)! };
}

function fail(issue: PlanIssue): PlanValidationResult {
  return { ok: false, errors: [issue] };
}

function checkIds(tasks: UncheckedTask[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  for (const task of tasks) {
    if (!isSafeId(task.id)) {
      issues.push({
        code: 'unsafe_task_id',
        task_id: task.id,
        message: `task id ${JSON.stringify(task.id)} is not a safe identifier ([A-Za-z0-9._-]{1,128}, no "..", not starting with "." or "-")`,
      });
    } else if (seen.has(task.id)) {
      issues.push({ code: 'duplicate_task', task_id: task.id, message: `duplicate task id "${task.id}"` });
    }
    seen.add(task.id);
  }
  return issues;
}

function checkAtomTypes(tasks: UncheckedTask[]): PlanIssue[] {
  return tasks
    .filter((t) => parseAtomType(t.atom_type) === undefined)
    .map((t) => ({
      code: 'unknown_atom_type' as const,
      task_id: t.id,
      message: `task "${t.id}" has unknown atom type "${t.atom_type}"`,
    }));
}

function checkDependencies(tasks: UncheckedTask[], indexById: Map<string, number>): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const task of tasks) {
    for (const dep of task.dependencies) {
      if (dep === task.id) {
        issues.push({
          code: 'self_dependency',
          task_id: task.id,
          message: `task "${task.id}" depends on itself`,
        });
      } else if (!indexById.has(dep)) {
        issues.push({
          code: 'unknown_dependency',
          task_id: task.id,
          dependency: dep,
          message: `task "${task.id}" depends on unknown task "${dep}"`,
        });
      }
    }
  }
  return issues;
}
