import path from 'node:path';
import {
  isTerminalPlanStatus,
  MakerApiError,
  type MakerHttpClient,
  type PlanDetail,
  type PlanEventStream,
  type SubmitPlanResult,
} from '@maker/client/http';
import {
  detectPlanFormat,
  type PlanIssue,
  type PlanOptionsInput,
  PlanOptionsSchema,
  validatePlanText,
} from '@maker/contracts';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type ApiOptions,
  apiClient,
  callApi,
  ExitCode,
  integer,
  positiveInt,
  toCliError,
  withApiOptions,
  withGatewayOption,
} from '../support/api-client.js';
import { countsLine, duration } from '../support/api-format.js';
import { PlanProgress } from '../support/api-watch.js';
import { printJson, printLine } from '../support/cli-output.js';
import { readPlanFile } from '../support/plan-file.js';

interface SubmitOptions extends ApiOptions {
  workspace?: string;
  k?: number;
  priority?: number;
  maxParallel?: number;
  maxSamples?: number;
  verifyCommand?: string;
  label: Record<string, string>;
  watch?: boolean;
}

/**
 * `maker submit FILE`: validates the plan locally (the codes of `plan validate`), submits it and
 * prints its id. With --watch: a progress bar until the plan ends, a summary, and exit 0 when it
 * completed, 1 when it failed, was cancelled, halted or stopped.
 */
export function registerSubmitCommand(program: Command): void {
  withGatewayOption(
    withApiOptions(
      program
        .command('submit')
        .description('validate and submit a plan (Architect JSON or PLAN.md); --watch follows it to the end')
        .argument('<file>', 'plan file')
        .option('--workspace <dir>', 'directory the services work in (made absolute)')
        .option('--k <n>', 'vote margin', positiveInt)
        .option('--priority <n>', 'higher runs first across plans', integer)
        .option('--max-parallel <n>', 'tasks of this plan in flight at once', positiveInt)
        .option('--max-samples <n>', 'samples per vote', positiveInt)
        .option('--verify-command <cmd>', 'shell command that must pass after each task')
        .option('--label <key=value>', 'label the plan (repeatable)', collectLabel, {})
        .option('--watch', 'show progress until the plan ends; exit 1 unless it completed'),
    ),
  ).action(async (file: string, options: SubmitOptions) => {
    const text = await readPlanFile(file);
    const validation = validatePlanText(text);
    if (!validation.ok) return refuse(options, validation.errors);
    const { plan, fileOptions } = splitOptions(text);
    const planOptions = { ...fileOptions, ...flagOptions(options) };
    const checked = PlanOptionsSchema.safeParse(planOptions);
    if (!checked.success) {
      return refuse(
        options,
        checked.error.issues.map((i) => ({
          code: 'invalid_schema',
          path: `options.${i.path.join('.')}`,
          message: `options.${i.path.join('.')}: ${i.message}`,
        })),
      );
    }
    const client = apiClient(options);
    let submitted: SubmitPlanResult;
    try {
      submitted = await client.submitPlan(plan, planOptions);
    } catch (error) {
      // The orchestrator's limits may be stricter than the defaults checked here: same output.
      if (error instanceof MakerApiError && error.issues.length > 0) return refuse(options, error.issues);
      throw toCliError(error, options, { plan: file, action: `submit ${file}` });
    }
    if (options.json) printJson({ ok: true, ...submitted });
    else if (!options.watch) printLine(submitted.plan_id);
    else printLine(`${submitted.created ? 'submitted' : 'already submitted:'} plan ${submitted.plan_id}`);
    if (options.watch) await watch(client, submitted.plan_id, options);
  });
}

function collectLabel(value: string, labels: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected key=value');
  return { ...labels, [value.slice(0, at)]: value.slice(at + 1) };
}

/** A JSON plan may carry its own `options`; flags override them. Markdown is sent as is. */
function splitOptions(text: string): {
  plan: string | Record<string, unknown>;
  fileOptions: PlanOptionsInput;
} {
  if (detectPlanFormat(text) === 'markdown') return { plan: text, fileOptions: {} };
  const { options, ...plan } = JSON.parse(text) as Record<string, unknown>;
  return { plan, fileOptions: (options ?? {}) as PlanOptionsInput };
}

function flagOptions(options: SubmitOptions): PlanOptionsInput {
  const flags: PlanOptionsInput = {};
  if (options.workspace) flags.workspace = path.resolve(options.workspace);
  if (options.k !== undefined) flags.k = options.k;
  if (options.priority !== undefined) flags.priority = options.priority;
  if (options.maxParallel !== undefined) flags.max_parallel = options.maxParallel;
  if (options.maxSamples !== undefined) flags.max_samples = options.maxSamples;
  if (options.verifyCommand) flags.verify_command = options.verifyCommand;
  if (Object.keys(options.label).length > 0) flags.labels = options.label;
  return flags;
}

function refuse(options: SubmitOptions, errors: PlanIssue[]): void {
  if (options.json) printJson({ ok: false, errors });
  else {
    printLine(`✗ invalid plan: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
    for (const error of errors) printLine(`  ${error.code}: ${error.message}`);
  }
  process.exitCode = ExitCode.refused;
}

/** Follows the plan's events with a progress bar on stderr, then prints the summary on stdout. */
async function watch(client: MakerHttpClient, planId: string, options: SubmitOptions): Promise<void> {
  let interrupted = false;
  let stream: PlanEventStream | undefined;
  const interrupt = () => {
    interrupted = true;
    stream?.close();
  };
  process.once('SIGINT', interrupt);
  const subject = { plan: planId };
  const start = await callApi(options, subject, () => client.getPlan(planId));
  const progress = new PlanProgress(start);
  const bar = new cliProgress.SingleBar(
    {
      format: `${planId} |{bar}| {value}/{total} tasks | {running} running | {escalated} escalated`,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({ running: progress.running, escalated: progress.escalated });
  bar.start(progress.total, progress.finished, payload());
  stream = client.subscribe(planId, { after: start.seq, maxConsecutiveErrors: 30 });
  if (interrupted) stream.close();
  try {
    await callApi(options, subject, async () => {
      for await (const event of stream) {
        progress.apply(event);
        bar.update(progress.finished, payload());
        if (event.event === 'task_escalated') noteEscalation(planId, event.task_id!, event.details.message);
      }
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
    bar.stop();
  }
  if (interrupted) {
    process.stderr.write(`stopped watching; plan ${planId} carries on (maker status ${planId})\n`);
    process.exitCode = 130;
    return;
  }
  const final = await callApi(options, subject, () => client.getPlan(planId));
  summarize(final, options);
  if (!isTerminalPlanStatus(final.status) || final.status !== 'completed')
    process.exitCode = ExitCode.refused;
}

function noteEscalation(planId: string, taskId: string, message: string): void {
  const clear = process.stderr.isTTY ? '\r\x1b[K' : '';
  process.stderr.write(
    `${clear}task ${taskId} escalated: ${message}\n  → maker retry ${planId} ${taskId} [--k N]   or   maker skip ${planId} ${taskId}\n`,
  );
}

function summarize(plan: PlanDetail, options: SubmitOptions): void {
  const end = plan.finished_at ? Date.parse(plan.finished_at) : Date.now();
  const durationMs = Math.max(0, end - Date.parse(plan.created_at));
  if (options.json) {
    printJson({
      ok: plan.status === 'completed',
      plan_id: plan.plan_id,
      status: plan.status,
      counts: plan.counts,
      duration_ms: durationMs,
    });
  } else {
    printLine(`plan ${plan.plan_id} ${plan.status} in ${duration(durationMs)}: ${countsLine(plan.counts)}`);
  }
}
