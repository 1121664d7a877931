import {
  type MakerEvent,
  type PlanOptions,
  type PlanState,
  TERMINAL_PLAN_STATES,
  type TaskState,
} from '@maker/contracts';

/** Plan states (DESIGN §4). */
export type PlanStatus = PlanState;

/** Task states (DESIGN §4). */
export type TaskStatus = TaskState;

/** States a plan never leaves on its own. */
export const TERMINAL_PLAN_STATUSES: ReadonlySet<string> = new Set(TERMINAL_PLAN_STATES);

/** Events that end a plan's stream (until a person revives it). */
export const PLAN_END_EVENTS: ReadonlySet<string> = new Set([
  'plan_completed',
  'plan_failed',
  'plan_cancelled',
  'plan_halted',
  'emergency_stop',
]);

/** True when a plan in this status will not change again without a person. */
export function isTerminalPlanStatus(status: string): boolean {
  return TERMINAL_PLAN_STATUSES.has(status);
}

/** `POST /v1/plans` answer; `created` is false when the same plan id and body were already submitted. */
export interface SubmitPlanResult {
  plan_id: string;
  status: PlanStatus;
  created: boolean;
}

/** One plan as `GET /v1/plans` lists it. */
export interface PlanSummary {
  plan_id: string;
  title: string;
  description?: string;
  status: PlanStatus;
  format: string;
  task_count: number;
  created_at: string;
  finished_at?: string;
  options: PlanOptions;
  seq: number;
  head?: string;
  /** Tasks per state; states with no task are left out. */
  counts: Partial<Record<TaskStatus, number>>;
  [extra: string]: unknown;
}

/** One task of `GET /v1/plans/:id`. */
export interface TaskView {
  id: string;
  description: string;
  atom_type: string;
  dependencies: string[];
  phase?: string;
  state: TaskStatus;
  attempts: number;
  info: Record<string, unknown>;
}

/** `GET /v1/plans/:id`: the plan, its counts and every task in plan order. */
export interface PlanDetail extends PlanSummary {
  tasks: TaskView[];
}

/** `GET /v1/plans/:id/events`. */
export interface EventPage {
  plan_id: string;
  events: MakerEvent[];
  /** The seq to ask after next time (the last event's, or `after` when the page is empty). */
  next_after: number;
}

/** Answer of pause, resume, cancel, retry and skip. */
export interface ControlResult {
  plan_id: string;
  status: string;
  task_id?: string;
}

/** A snapshot of a plan's integration state. */
export interface Snapshot {
  id: string;
  commit: string;
  message: string;
  createdAt: string;
}
