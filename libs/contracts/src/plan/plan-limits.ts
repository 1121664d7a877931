/** Limits on submitted plans (DESIGN §3). */
export interface PlanLimits {
  /** @defaultValue 100_000 */
  maxTasks: number;
  /** Body size in bytes. @defaultValue 16 MiB */
  maxBytes: number;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxTasks: 100_000, maxBytes: 16 * 1024 * 1024 };
