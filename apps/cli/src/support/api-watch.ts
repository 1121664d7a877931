import type { PlanDetail } from '@maker/client/http';
import type { MakerEvent } from '@maker/contracts';

const STATE_AFTER_EVENT: Partial<Record<MakerEvent['event'], string>> = {
  task_ready: 'ready',
  task_started: 'executing',
  task_retry: 'ready',
  task_completed: 'completed',
  task_failed: 'failed',
  task_escalated: 'escalated',
  task_skipped: 'skipped',
};

const FINISHED = new Set(['completed', 'failed', 'skipped']);
const UNFINISHED_AT_CANCEL = new Set([
  'pending',
  'ready',
  'generating',
  'executing',
  'verifying',
  'escalated',
]);

/**
 * Task states of a plan kept current from its events, seeded from `GET /v1/plans/:id` at the
 * plan's seq: what `submit --watch` draws its progress bar from without polling the plan.
 */
export class PlanProgress {
  private readonly states = new Map<string, string>();
  readonly total: number;

  constructor(plan: PlanDetail) {
    for (const task of plan.tasks) this.states.set(task.id, task.state);
    this.total = plan.task_count;
  }

  apply(event: MakerEvent): void {
    if (event.event === 'plan_cancelled' || event.event === 'emergency_stop') {
      for (const [id, state] of this.states)
        if (UNFINISHED_AT_CANCEL.has(state)) this.states.set(id, 'cancelled');
      return;
    }
    const state = STATE_AFTER_EVENT[event.event];
    if (state && event.task_id) this.states.set(event.task_id, state);
  }

  /** Completed, failed and skipped tasks: the bar's value. */
  get finished(): number {
    return this.count((state) => FINISHED.has(state));
  }

  get running(): number {
    return this.count((state) => state === 'executing' || state === 'generating' || state === 'verifying');
  }

  get escalated(): number {
    return this.count((state) => state === 'escalated');
  }

  private count(match: (state: string) => boolean): number {
    let n = 0;
    for (const state of this.states.values()) if (match(state)) n++;
    return n;
  }
}
