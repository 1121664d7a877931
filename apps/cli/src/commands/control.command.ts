import type { ControlResult, MakerHttpClient } from '@maker/client/http';
import { MakerApiError } from '@maker/client/http';
import type { Command } from 'commander';
import {
  type ApiOptions,
  apiClient,
  callApi,
  type ErrorSubject,
  positiveInt,
  toCliError,
  withApiOptions,
} from '../support/api-client.js';
import { printJson, printLine } from '../support/cli-output.js';

interface RetryOptions extends ApiOptions {
  k?: number;
  description?: string;
}

const PLAN_ACTIONS = {
  pause: { description: 'pause a running plan (tasks in flight finish; nothing new starts)', done: 'paused' },
  resume: { description: 'resume a paused plan', done: 'resumed' },
  cancel: { description: 'cancel a plan: unfinished tasks are cancelled', done: 'cancelled' },
} as const;

/**
 * `maker pause|resume|cancel PLAN`, `maker retry PLAN TASK [--k N] [--description TEXT]`,
 * `maker skip PLAN TASK`: exit 0 done, 1 refused (unknown plan or task, not allowed in its state).
 */
export function registerControlCommands(program: Command): void {
  for (const [action, { description, done }] of Object.entries(PLAN_ACTIONS)) {
    withApiOptions(program.command(action).description(description).argument('<plan>', 'plan id')).action(
      async (planId: string, options: ApiOptions) => {
        const client = apiClient(options);
        const subject = { plan: planId, action: `${action} plan ${planId}` };
        const result = await callApi(options, subject, () =>
          client[action as keyof typeof PLAN_ACTIONS](planId),
        );
        report(options, result, `plan ${planId} ${done} (now ${result.status})`);
      },
    );
  }

  withApiOptions(
    program
      .command('retry')
      .description('retry an escalated, failed or skipped task, optionally with a new k or description')
      .argument('<plan>', 'plan id')
      .argument('<task>', 'task id')
      .option('--k <n>', 'vote margin for the new attempt', positiveInt)
      .option('--description <text>', 'replace the task description for the new attempt'),
  ).action(async (planId: string, taskId: string, options: RetryOptions) => {
    const client = apiClient(options);
    const patch = {
      ...(options.k ? { k: options.k } : {}),
      ...(options.description ? { description: options.description } : {}),
    };
    const result = await taskAction(client, options, planId, taskId, 'retry', () =>
      client.retryTask(planId, taskId, patch),
    );
    const how = patch.k ? ` with k=${patch.k}` : '';
    report(options, result, `task ${taskId} of plan ${planId}: retrying${how}`);
  });

  withApiOptions(
    program
      .command('skip')
      .description('skip a task; its dependents are skipped with it')
      .argument('<plan>', 'plan id')
      .argument('<task>', 'task id'),
  ).action(async (planId: string, taskId: string, options: ApiOptions) => {
    const client = apiClient(options);
    const result = await taskAction(client, options, planId, taskId, 'skip', () =>
      client.skipTask(planId, taskId),
    );
    report(options, result, `task ${taskId} of plan ${planId}: skipped`);
  });
}

/** A task action; a 404 is told apart into "no plan" and "no task in plan". */
async function taskAction(
  client: MakerHttpClient,
  options: ApiOptions,
  planId: string,
  taskId: string,
  verb: string,
  call: () => Promise<ControlResult>,
): Promise<ControlResult> {
  const subject: ErrorSubject = { plan: planId, task: taskId, action: `${verb} task ${taskId}` };
  try {
    return await call();
  } catch (error) {
    if (error instanceof MakerApiError && error.status === 404) {
      const planExists = await client.getPlan(planId).then(
        () => true,
        () => false,
      );
      if (!planExists) subject.task = undefined;
    }
    throw toCliError(error, options, subject);
  }
}

function report(options: ApiOptions, result: ControlResult, text: string): void {
  if (options.json) printJson({ ok: true, ...result });
  else printLine(text);
}
