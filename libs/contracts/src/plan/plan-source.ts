import type { z } from 'zod';
import type { PlanIssue } from './plan-issue.js';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from './plan-limits.js';
import { type MarkdownPlanDraft, parsePlanMarkdown } from './plan-markdown.parser.js';
import { ArchitectPlanSchema } from './plan.schema.js';
import { type PlanValidationResult, type UncheckedTask, validateTaskGraph } from './plan-validation.js';

/** Tells the two plan formats apart by content: JSON starts with `{` or `[`, anything else is PLAN.md. */
export function detectPlanFormat(text: string): 'json' | 'markdown' {
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'markdown';
}

/** Validates a plan given as text (Architect JSON or PLAN.md) into the normalised model. */
export function validatePlanText(
  text: string,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlanValidationResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return fail({
      code: 'too_large',
      message: `the plan is ${bytes} bytes; the limit is ${limits.maxBytes}`,
    });
  }
  if (detectPlanFormat(text) === 'markdown') return validateMarkdownPlan(text, limits);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail({ code: 'invalid_json', message: `the plan is not valid JSON: ${(error as Error).message}` });
  }
  return validateArchitectPlan(parsed, limits);
}

/** Validates a plan given either as an Architect JSON value or as PLAN.md text. */
export function validatePlanInput(
  input: unknown,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlanValidationResult {
  return typeof input === 'string' ? validatePlanText(input, limits) : validateArchitectPlan(input, limits);
}

/** Validates a parsed Architect JSON plan (DESIGN §3, format 1). */
export function validateArchitectPlan(
  value: unknown,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlanValidationResult {
  const parsed = ArchitectPlanSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: schemaIssues(parsed.error) };
  const { micro_tasks, dependencies: edges, ...rest } = parsed.data;
  const extra = new Map<string, string[]>();
  for (const [task, dependsOn] of edges) extra.set(task, [...(extra.get(task) ?? []), dependsOn]);
  const taskIds = new Set(micro_tasks.map((t) => t.id));
  const unknownEdge = edges.find(([task]) => !taskIds.has(task));
  if (unknownEdge) {
    return fail({
      code: 'unknown_dependency',
      task_id: unknownEdge[0],
      dependency: unknownEdge[0],
      message: `dependency pair [${JSON.stringify(unknownEdge[0])}, ${JSON.stringify(unknownEdge[1])}] names unknown task "${unknownEdge[0]}"`,
    });
  }
  const tasks: UncheckedTask[] = micro_tasks.map((t) => ({
    ...t,
    dependencies: unique([...t.dependencies, ...(extra.get(t.id) ?? [])]),
  }));
  return validateTaskGraph({ ...rest, tasks, format: 'json' }, limits);
}

function validateMarkdownPlan(text: string, limits: PlanLimits): PlanValidationResult {
  const draft = parsePlanMarkdown(text);
  const resolved = resolveMarkdownTasks(draft);
  if (!Array.isArray(resolved)) return { ok: false, errors: resolved.errors };
  return validateTaskGraph(
    {
      title: draft.title,
      description: draft.description,
      tasks: resolved,
      execution_strategy: 'mixed',
      format: 'markdown',
    },
    limits,
  );
}

/** Ids are `[name]` prefixes or `tN`; references resolve by name first, then by `tN`. */
function resolveMarkdownTasks(draft: MarkdownPlanDraft): UncheckedTask[] | { errors: PlanIssue[] } {
  const ids = draft.tasks.map((t) => t.name ?? `t${t.position}`);
  const byName = new Map<string, string>();
  draft.tasks.forEach((t, i) => {
    if (t.name && !byName.has(t.name)) byName.set(t.name, ids[i]);
  });
  const errors: PlanIssue[] = [];
  const tasks = draft.tasks.map((t, i): UncheckedTask => {
    const dependencies = t.dependencyRefs.map((ref) => {
      const id = byName.get(ref) ?? positionalId(ref, ids);
      if (id === undefined) {
        errors.push({
          code: 'unknown_dependency',
          task_id: ids[i],
          dependency: ref,
          message: `task "${ids[i]}" (line ${t.line}) depends on "${ref}", which names no task`,
        });
      }
      return id ?? ref;
    });
    return {
      id: ids[i],
      description: t.description,
      atom_type: t.atomType,
      seed_symbols: [],
      inputs: [],
      outputs: [],
      dependencies: unique(dependencies),
      done: t.done,
      phase: t.phase,
    };
  });
  return errors.length > 0 ? { errors } : tasks;
}

function positionalId(ref: string, ids: string[]): string | undefined {
  const match = /^t(\d+)$/.exec(ref);
  return match ? ids[Number(match[1]) - 1] : undefined;
}

function schemaIssues(error: z.ZodError): PlanIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.join('.');
    return { code: 'invalid_schema', path, message: `${path || '(plan)'}: ${issue.message}` };
  });
}

function fail(issue: PlanIssue): PlanValidationResult {
  return { ok: false, errors: [issue] };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
