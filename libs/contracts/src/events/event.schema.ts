import { z } from 'zod';

/**
 * Event names (DESIGN §4, contract). Persisted in event streams and read by other services:
 * never rename or remove one.
 */
export const EVENT_TYPES = [
  'plan_accepted',
  'plan_started',
  'plan_paused',
  'plan_resumed',
  'plan_completed',
  'plan_failed',
  'plan_cancelled',
  'plan_halted',
  'emergency_stop',
  'task_ready',
  'task_started',
  'script_generated',
  'task_completed',
  'task_failed',
  'task_retry',
  'task_escalated',
  'task_skipped',
  'snapshot',
  'rollback',
  'merge',
  'atom_spawned',
  'atom_completed',
  'vote_started',
  'vote_sample',
  'vote_completed',
  'red_flag',
  'log',
] as const;

export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = (typeof EVENT_TYPES)[number];

/** Plan-level lifecycle events: what a subscriber to all plans (`plan_id: "*"`) receives. */
export const PLAN_LIFECYCLE_EVENTS: ReadonlySet<EventType> = new Set([
  'plan_accepted',
  'plan_started',
  'plan_paused',
  'plan_resumed',
  'plan_completed',
  'plan_failed',
  'plan_cancelled',
  'plan_halted',
  'emergency_stop',
]);

/** An event as every subscriber sees it (DESIGN §4, contract). */
export const MakerEventSchema = z.object({
  event: EventTypeSchema,
  plan_id: z.string(),
  task_id: z.string().nullable(),
  timestamp: z.string(),
  /** Increases by one per plan with no gaps, starting at 1. */
  seq: z.number().int().positive(),
  details: z.object({
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});

export type MakerEvent = z.infer<typeof MakerEventSchema>;

/** An event before the stream assigns its `seq` and timestamp. */
export interface EventDraft {
  event: EventType;
  plan_id: string;
  task_id: string | null;
  message: string;
  data?: Record<string, unknown>;
}
