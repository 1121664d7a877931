// Plan and task states are part of the API and event contract (DESIGN §4).
/** Task states (DESIGN §4). Persisted in Redis: never rename. */
export const TASK_STATES = [
  'pending',
  'ready',
  'generating',
  'executing',
  'verifying',
  'completed',
  'failed',
  'escalated',
  'skipped',
  'cancelled',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const IN_FLIGHT_STATES: ReadonlyArray<TaskState> = ['generating', 'executing', 'verifying'];
export const TERMINAL_TASK_STATES: ReadonlyArray<TaskState> = ['completed', 'failed', 'skipped', 'cancelled'];

/** Plan states (DESIGN §4). Persisted in Redis: never rename. */
export const PLAN_STATES = [
  'accepted',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'halted',
  'emergency_stopped',
] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const TERMINAL_PLAN_STATES: ReadonlyArray<PlanState> = [
  'completed',
  'failed',
  'cancelled',
  'halted',
  'emergency_stopped',
];
