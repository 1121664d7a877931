import type { PlanDetail, PlanSummary, TaskView } from '@maker/client/http';
import type { Command } from 'commander';
import { type ApiOptions, apiClient, callApi, withApiOptions } from '../support/api-client.js';
import { clip, countsLine, table } from '../support/api-format.js';
import { printJson, printLine } from '../support/cli-output.js';

/** `maker status [PLAN]`: one plan with its tasks, or every plan. */
export function registerStatusCommand(program: Command): void {
  withApiOptions(
    program
      .command('status')
      .description('show one plan with its tasks, or list all plans')
      .argument('[plan]', 'plan id; omit to list every plan'),
  ).action(async (planId: string | undefined, options: ApiOptions) => {
    const client = apiClient(options);
    if (planId) {
      const plan = await callApi(options, { plan: planId }, () => client.getPlan(planId));
      if (options.json) printJson(plan);
      else printPlan(plan);
    } else {
      const plans = await callApi(options, undefined, () => client.listPlans());
      if (options.json) printJson({ plans });
      else printPlans(plans);
    }
  });
}

function printPlans(plans: PlanSummary[]): void {
  if (plans.length === 0) {
    printLine('no plans');
    return;
  }
  const rows = plans.map((p) => [
    p.plan_id,
    p.status,
    `${done(p.counts)}/${p.task_count}`,
    p.created_at.slice(0, 19).replace('T', ' '),
    clip(p.title, 60),
  ]);
  for (const line of table(['PLAN', 'STATUS', 'DONE', 'CREATED', 'TITLE'], rows)) printLine(line);
}

function printPlan(plan: PlanDetail): void {
  printLine(`plan ${plan.plan_id}: ${plan.title}`);
  printLine(`  status    ${plan.status}`);
  printLine(`  tasks     ${plan.task_count} (${countsLine(plan.counts)})`);
  printLine(`  created   ${plan.created_at}${plan.finished_at ? `, finished ${plan.finished_at}` : ''}`);
  if (plan.options.workspace) printLine(`  workspace ${plan.options.workspace}`);
  printLine(`  events    ${plan.seq}`);
  printLine('');
  const rows = plan.tasks.map((t) => [
    t.id,
    t.state,
    String(t.attempts),
    t.atom_type,
    t.dependencies.join(',') || '-',
    clip(taskNote(t), 80),
  ]);
  for (const line of table(['TASK', 'STATE', 'ATTEMPTS', 'ATOM', 'DEPENDS', 'DESCRIPTION'], rows))
    printLine(line);
}

/** The description, plus why a task is stuck when it is. */
function taskNote(task: TaskView): string {
  const reason = task.info.last_error;
  if ((task.state === 'escalated' || task.state === 'failed') && typeof reason === 'string') {
    return `${task.description} [${reason}]`;
  }
  return task.description;
}

function done(counts: PlanSummary['counts']): number {
  return (counts.completed ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0);
}
