import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

/** Environment of the orchestrator (DESIGN §12). */
export const orchestratorEnvSchema = z.object({
  ...serviceEnvShape('orchestrator'),
  MAKER_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .describe('attempts of a failing task before it fails'),
  MAKER_MAX_K: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(8)
    .describe('largest k a consensus timeout may raise a vote to'),
  MAKER_REPLAN_AFTER: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .describe('red-flagged attempts of a task before a re-plan is requested'),
  MAKER_MAX_PLAN_TASKS: z.coerce
    .number()
    .int()
    .positive()
    .default(100_000)
    .describe('largest plan accepted, in tasks'),
  MAKER_MAX_PLAN_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024)
    .describe('largest plan body accepted, in bytes'),
  MAKER_RESULTS_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(32)
    .describe('results handled at once per orchestrator'),
  MAKER_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(1_000)
    .describe('how often active plans are re-checked'),
  MAKER_JOB_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(30_000)
    .describe(
      'BullMQ lock of a result being handled; a dead orchestrator’s job is re-delivered after about this long',
    ),
  MAKER_VERIFY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(300_000)
    .describe('time limit of a plan verify_command'),
});

export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;
