import { z } from 'zod';
import { ArchitectureSchema } from '../plan/plan.schema.js';
import { PlanOptionsSchema } from '../plan/plan-options.schema.js';
import { SafeIdSchema } from '../plan/safe-id.js';
import type { JobName } from './queue-names.js';

/** W3C trace context carried inside payloads so one plan is one trace across services. */
export const TraceCarrierSchema = z.record(z.string(), z.string()).default({});

const TaskRef = {
  plan_id: SafeIdSchema,
  task_id: SafeIdSchema,
  attempt: z.number().int().min(1),
  trace: TraceCarrierSchema,
};

export const TaskSpecSchema = z.object({
  id: z.string(),
  description: z.string(),
  atom_type: z.string(),
  estimated_complexity: z.number().int().min(1).max(5).optional(),
  seed_symbols: z.array(z.string()).default([]),
  inputs: z.array(z.string()).default([]),
  outputs: z.array(z.string()).default([]),
  dependencies: z.array(z.string()).default([]),
});

export const SubmitPlanJobSchema = z.object({
  plan: z.union([z.string(), z.record(z.string(), z.unknown())]),
  options: PlanOptionsSchema.partial().default({}),
});

export const GenerateScriptJobSchema = z.object({
  ...TaskRef,
  task: TaskSpecSchema,
  k: z.number().int().min(1),
  max_samples: z.number().int().min(1),
  workspace: z.string(),
  /** The plan's tasks and dependencies, summarised to fit a prompt. */
  task_plan: z.string().default(''),
  /** States of the plan's tasks and results of this task's dependencies. */
  execution_state: z.string().default(''),
  /** Red-flag reasons and errors of earlier attempts. */
  feedback: z.array(z.string()).default([]),
});

export const ExecuteScriptJobSchema = z.object({
  ...TaskRef,
  task: TaskSpecSchema,
  script: z.string(),
  workspace: z.string(),
  k: z.number().int().min(1),
  max_samples: z.number().int().min(1),
  models: z.record(z.string(), z.string()).default({}),
  architecture: ArchitectureSchema.optional(),
  timeout_ms: z.number().int().positive().default(600_000),
});

export const ScriptErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  line: z.number().int().nullable().optional(),
  column: z.number().int().nullable().optional(),
  wrapped_in: z.string().optional(),
});

export const ScriptGeneratedJobSchema = z.object({
  ...TaskRef,
  ok: z.boolean(),
  script: z.string().optional(),
  mode: z.enum(['template', 'llm']).optional(),
  error: z.string().optional(),
});

/** How an execution ended; the orchestrator's error policy maps each to an action (DESIGN §6). */
export const ExecutionOutcomeSchema = z.enum([
  'succeeded',
  'failed',
  'red_flagged',
  'consensus_timeout',
  'no_consensus',
  'escalated',
  'shadow_corrupt',
]);
export type ExecutionOutcome = z.infer<typeof ExecutionOutcomeSchema>;

export const TaskExecutedJobSchema = z.object({
  ...TaskRef,
  outcome: ExecutionOutcomeSchema,
  /** The script's final value, encoded as DESIGN §7 encodes values. */
  result: z.unknown().optional(),
  error: ScriptErrorSchema.optional(),
  reasons: z.array(z.string()).default([]),
  /** The task checkout's commit, or null when the task wrote nothing. */
  commit: z.string().nullable().default(null),
  stats: z
    .object({
      samples: z.number().int().default(0),
      votes: z.number().int().default(0),
      red_flags: z.number().int().default(0),
      tokens: z.number().int().default(0),
      cost_usd: z.number().default(0),
    })
    .default({ samples: 0, votes: 0, red_flags: 0, tokens: 0, cost_usd: 0 }),
});

export const ReplanRequestedJobSchema = z.object({
  ...TaskRef,
  reasons: z.array(z.string()),
  task: TaskSpecSchema,
  task_plan: z.string(),
});

/** One source of truth: the payload schema of every job name. */
export const jobSchemas = {
  submit: SubmitPlanJobSchema,
  generate: GenerateScriptJobSchema,
  execute: ExecuteScriptJobSchema,
  script_generated: ScriptGeneratedJobSchema,
  task_executed: TaskExecutedJobSchema,
  replan_requested: ReplanRequestedJobSchema,
} as const satisfies Record<JobName, z.ZodType>;

/** The validated payload type of a job. */
export type JobPayload<N extends JobName> = z.infer<(typeof jobSchemas)[N]>;
/** The payload as a producer may write it (defaults not yet applied). */
export type JobPayloadInput<N extends JobName> = z.input<(typeof jobSchemas)[N]>;

/** Validates a job payload; throws a ZodError naming every bad field. */
export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobSchemas[name].parse(data) as JobPayload<N>;
}
