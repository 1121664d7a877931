import { z } from 'zod';

/** Options that travel beside a plan (DESIGN §3). */
export const PlanOptionsSchema = z.object({
  /** Directory the services can reach; required to run. */
  workspace: z.string().min(1).optional(),
  /** Default vote margin. @defaultValue 3 */
  k: z.coerce.number().int().min(1).max(20).default(3),
  /** Maximum samples per vote. @defaultValue 30 */
  max_samples: z.coerce.number().int().min(1).max(1000).default(30),
  /** Model per atom type. */
  models: z.record(z.string(), z.string()).default({}),
  /** Higher runs first across plans. @defaultValue 0 */
  priority: z.coerce.number().int().min(-1000).max(1000).default(0),
  /** Cap on tasks of this plan in flight at once. @defaultValue 64 */
  max_parallel: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Opt-in shell command run in the task checkout after execution; must exit 0. */
  verify_command: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).default({}),
});

export type PlanOptions = z.infer<typeof PlanOptionsSchema>;
export type PlanOptionsInput = z.input<typeof PlanOptionsSchema>;
