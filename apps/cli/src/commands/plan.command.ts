import { type Plan, type PlanIssue, validatePlanText } from '@maker/contracts';
import type { Command } from 'commander';
import { printJson, printLine } from '../support/cli-output.js';
import { readPlanFile } from '../support/plan-file.js';

/** `maker plan validate FILE [--json]` (DESIGN §12): exit 0 when valid, 1 when invalid. */
export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('work with plan files (Architect JSON or PLAN.md)');
  plan
    .command('validate')
    .description('validate a plan file; exit 0 when valid, 1 when invalid')
    .argument('<file>', 'plan file: Architect JSON or PLAN.md (told apart by content)')
    .option('--json', 'print the result as one JSON document')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readPlanFile(file);
      const result = validatePlanText(text);
      if (result.ok) {
        const plan = planSummary(result.plan, result.order);
        if (options.json) printJson({ ok: true, plan, order: result.order });
        else printValid(result.plan, result.order);
      } else {
        if (options.json) printJson({ ok: false, errors: result.errors });
        else printInvalid(result.errors);
        process.exitCode = 1;
      }
    });
}

function planSummary(plan: Plan, order: string[]) {
  return {
    plan_id: plan.plan_id ?? null,
    title: plan.title,
    format: plan.format,
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      description: t.description,
      atom_type: t.atom_type,
      dependencies: t.dependencies,
      done: t.done,
      ...(t.phase ? { phase: t.phase } : {}),
      ...(t.estimated_complexity ? { estimated_complexity: t.estimated_complexity } : {}),
      seed_symbols: t.seed_symbols,
      inputs: t.inputs,
      outputs: t.outputs,
    })),
    order,
  };
}

function printValid(plan: Plan, order: string[]): void {
  const done = plan.tasks.filter((t) => t.done).length;
  printLine(
    `✓ valid plan "${plan.title}" (${plan.format}): ${plan.tasks.length} tasks, ${done} already done`,
  );
  printLine(
    `  order: ${order.length > 20 ? `${order.slice(0, 20).join(', ')}, … (${order.length})` : order.join(', ')}`,
  );
}

function printInvalid(errors: PlanIssue[]): void {
  printLine(`✗ invalid plan: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
  for (const error of errors) printLine(`  ${error.code}: ${error.message}`);
}
