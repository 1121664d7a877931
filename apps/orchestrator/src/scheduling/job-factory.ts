import { type JobName, type JobPayloadInput, jobSchemas, QUEUE_OF_JOB, stageJobId } from '@maker/contracts';
import { stageTraceCarrier } from '@maker/telemetry';
import type { JobsOptions } from 'bullmq';
import type { PlanSettings, StoredTask } from '../state/plan-store.js';
import { jobPriority } from './task-order.js';

export interface StageJob<N extends JobName = JobName> {
  queue: (typeof QUEUE_OF_JOB)[N];
  name: N;
  data: JobPayloadInput<N>;
  opts: JobsOptions;
}

function stageOptions(meta: PlanSettings, task: StoredTask, attempt: number, stage: string): JobsOptions {
  return {
    jobId: stageJobId(meta.plan_id, task.id, attempt, stage),
    priority: jobPriority(meta.options.priority, task.chain_length),
    attempts: 5,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 3_600, count: 20_000 },
    removeOnFail: { age: 86_400 },
  };
}

function taskSpec(task: StoredTask) {
  const { index: _index, phase: _phase, chain_length: _chain, ...spec } = task;
  return spec;
}

export interface GenerateInputs {
  plan: PlanSettings;
  task: StoredTask;
  attempt: number;
  info: Record<string, unknown>;
  taskPlan: string;
  executionState: string;
}

export function generateJob({
  plan: meta,
  task,
  attempt,
  info,
  taskPlan,
  executionState,
}: GenerateInputs): StageJob<'generate'> {
  const data = jobSchemas.generate.parse({
    plan_id: meta.plan_id,
    task_id: task.id,
    attempt,
    trace: stageTraceCarrier(meta.plan_id, 'generate', { task_id: task.id, attempt }),
    task: taskSpec(withOverrides(task, info)),
    k: effectiveK(meta, info),
    max_samples: meta.options.max_samples,
    workspace: meta.options.workspace ?? '',
    task_plan: taskPlan,
    execution_state: executionState,
    // Lua's cjson writes an empty list as {}: anything but a list means no feedback.
    feedback: Array.isArray(info.feedback) ? info.feedback : [],
  });
  return {
    queue: 'maker.generate',
    name: 'generate',
    data,
    opts: stageOptions(meta, task, attempt, 'generate'),
  };
}

export function executeJob(
  meta: PlanSettings,
  task: StoredTask,
  attempt: number,
  info: Record<string, unknown>,
  script: string,
): StageJob<'execute'> {
  const timeoutScale = Number(info.timeout_scale ?? 1);
  const data = jobSchemas.execute.parse({
    plan_id: meta.plan_id,
    task_id: task.id,
    attempt,
    trace: stageTraceCarrier(meta.plan_id, 'execute', { task_id: task.id, attempt }),
    task: taskSpec(withOverrides(task, info)),
    script,
    workspace: meta.options.workspace ?? '',
    k: effectiveK(meta, info),
    max_samples: meta.options.max_samples,
    models: meta.options.models,
    architecture: meta.architecture,
    timeout_ms: 600_000 * timeoutScale,
  });
  return {
    queue: 'maker.execute',
    name: 'execute',
    data,
    opts: stageOptions(meta, task, attempt, 'execute'),
  };
}

/** k for this attempt: a person's or the policy's override, else the plan's. */
export function effectiveK(meta: PlanSettings, info: Record<string, unknown>): number {
  return typeof info.k === 'number' ? info.k : meta.options.k;
}

function withOverrides(task: StoredTask, info: Record<string, unknown>): StoredTask {
  return typeof info.description === 'string' ? { ...task, description: info.description } : task;
}
