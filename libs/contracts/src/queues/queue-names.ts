/**
 * Queue and job names. These are PERSISTED identifiers (jobs sit in Redis under them across
 * deploys): never change a value without a migration.
 */
export const QueueName = {
  /** Plan intake from other services (DESIGN §12). */
  plans: 'maker.plans',
  /** Script generation requests, consumed by script-generator. */
  generate: 'maker.generate',
  /** Script execution requests, consumed by executor. */
  execute: 'maker.execute',
  /**
   * Worker results back to the orchestrator. Carried by the Redis stream `<prefix>:results` (read by
   * the orchestrators' consumer group), not a BullMQ queue: one XADD per result instead of a job.
   */
  results: 'maker.results',
  /** Re-plan requests for an external Architect (DESIGN §6). */
  replan: 'maker.replan',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  submit: 'submit',
  generate: 'generate',
  execute: 'execute',
  scriptGenerated: 'script_generated',
  taskExecuted: 'task_executed',
  replanRequested: 'replan_requested',
} as const;

export type JobName = (typeof JobName)[keyof typeof JobName];

/** Which queue carries which job. */
export const QUEUE_OF_JOB = {
  submit: QueueName.plans,
  generate: QueueName.generate,
  execute: QueueName.execute,
  script_generated: QueueName.results,
  task_executed: QueueName.results,
  replan_requested: QueueName.replan,
} as const satisfies Record<JobName, QueueName>;

/**
 * Deterministic job id of one stage of one task attempt: `plan~task~attempt~stage`. BullMQ refuses
 * `:` in job ids, and `~` cannot occur in safe ids, so the parts stay unambiguous. Persisted.
 */
export function stageJobId(planId: string, taskId: string, attempt: number, stage: string): string {
  return `${planId}~${taskId}~${attempt}~${stage}`;
}
