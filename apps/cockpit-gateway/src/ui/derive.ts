/** Pure views of a plan's event log: task states at any seq, vote races, snapshots, totals. No DOM here. */

import type { TaskState } from '@maker/contracts';

export type { TaskState };

export interface CockpitEvent {
  event: string;
  plan_id: string;
  task_id: string | null;
  timestamp: string;
  seq: number;
  details: { message: string; data?: Record<string, unknown> };
}

const FINISHED: ReadonlySet<TaskState> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

const TASK_TRANSITIONS: Record<string, TaskState> = {
  task_ready: 'ready',
  task_started: 'generating',
  script_generated: 'executing',
  task_completed: 'completed',
  task_failed: 'failed',
  task_escalated: 'escalated',
  task_skipped: 'skipped',
  task_retry: 'ready',
};

const PLAN_STATUS: Record<string, string> = {
  plan_accepted: 'accepted',
  plan_started: 'running',
  plan_paused: 'paused',
  plan_resumed: 'running',
  plan_completed: 'completed',
  plan_failed: 'failed',
  plan_cancelled: 'cancelled',
  plan_halted: 'halted',
  emergency_stop: 'emergency_stopped',
};

const data = (event: CockpitEvent): Record<string, unknown> => event.details?.data ?? {};

/** Each task's state after the events up to `uptoSeq` (inclusive); tasks no event named are pending. */
export function taskStatesAt(
  taskIds: readonly string[],
  events: readonly CockpitEvent[],
  uptoSeq = Number.POSITIVE_INFINITY,
): Map<string, TaskState> {
  const states = new Map<string, TaskState>(taskIds.map((id) => [id, 'pending']));
  for (const event of events) {
    if (event.seq > uptoSeq) break;
    if (event.task_id === null) {
      if (event.event === 'plan_cancelled' || event.event === 'emergency_stop') {
        for (const [id, state] of states) if (!FINISHED.has(state)) states.set(id, 'cancelled');
      }
      continue;
    }
    if (event.event === 'task_failed' && data(event).cancelled === true) {
      states.set(event.task_id, 'cancelled');
    } else if (event.event === 'log' && /no longer skipped/.test(event.details?.message ?? '')) {
      states.set(event.task_id, 'pending');
    } else if (TASK_TRANSITIONS[event.event]) {
      states.set(event.task_id, TASK_TRANSITIONS[event.event]);
    }
  }
  return states;
}

/** The plan's status after the events up to `uptoSeq`, or `fallback` when no lifecycle event says. */
export function planStatusAt(events: readonly CockpitEvent[], uptoSeq: number, fallback: string): string {
  let status = fallback;
  for (const event of events) {
    if (event.seq > uptoSeq) break;
    status = PLAN_STATUS[event.event] ?? status;
  }
  return status;
}

export interface VoteRace {
  key: string;
  taskId: string | null;
  call: string;
  k: number | undefined;
  candidates: Array<{ name: string; votes: number }>;
  samples: number;
  redFlags: number;
  status: string | undefined;
  winner: string | undefined;
  lastSeq: number;
}

/** Votes as races of candidates, most recent first; counts are the running totals each sample carries. */
export function voteRaces(
  events: readonly CockpitEvent[],
  uptoSeq = Number.POSITIVE_INFINITY,
  taskId?: string,
): VoteRace[] {
  const races = new Map<string, VoteRace>();
  const open = new Map<string, string>();
  let counter = 0;
  for (const event of events) {
    if (event.seq > uptoSeq) break;
    if (taskId && event.task_id !== taskId) continue;
    const d = data(event);
    const scope = `${event.task_id}:${String(d.call ?? '')}`;
    if (event.event === 'vote_started') {
      const key = `${scope}#${counter++}`;
      open.set(scope, key);
      races.set(key, newRace(key, event, d));
    } else if (
      event.event === 'vote_sample' ||
      event.event === 'vote_completed' ||
      event.event === 'red_flag'
    ) {
      let key = open.get(scope) ?? open.get(`${event.task_id}:`);
      if (!key || !races.has(key)) {
        if (event.event === 'red_flag') continue;
        key = `${scope}#${counter++}`;
        open.set(scope, key);
        races.set(key, newRace(key, event, d));
      }
      const race = races.get(key)!;
      race.lastSeq = event.seq;
      if (event.event === 'red_flag') race.redFlags++;
      else if (event.event === 'vote_sample') applySample(race, d);
      else {
        race.status = String(d.status ?? 'completed');
        race.winner = d.winner === undefined || d.winner === null ? undefined : String(d.winner);
        if (d.votes && typeof d.votes === 'object') race.candidates = candidatesOf(d.votes);
        open.delete(scope);
      }
    }
  }
  return [...races.values()].sort((a, b) => b.lastSeq - a.lastSeq);
}

function newRace(key: string, event: CockpitEvent, d: Record<string, unknown>): VoteRace {
  return {
    key,
    taskId: event.task_id,
    call: String(d.call ?? ''),
    k: typeof d.k === 'number' ? d.k : undefined,
    candidates: [],
    samples: 0,
    redFlags: 0,
    status: undefined,
    winner: undefined,
    lastSeq: event.seq,
  };
}

function applySample(race: VoteRace, d: Record<string, unknown>) {
  race.samples = typeof d.sample_index === 'number' ? d.sample_index + 1 : race.samples + 1;
  if (d.votes && typeof d.votes === 'object') race.candidates = candidatesOf(d.votes);
  else if (d.candidate !== undefined) {
    const name = String(d.candidate);
    const found = race.candidates.find((c) => c.name === name);
    if (found) found.votes++;
    else race.candidates.push({ name, votes: 1 });
  }
}

function candidatesOf(votes: object): Array<{ name: string; votes: number }> {
  return Object.entries(votes as Record<string, unknown>)
    .map(([name, count]) => ({ name, votes: Number(count) || 0 }))
    .sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name));
}

export interface SnapshotMark {
  seq: number;
  timestamp: string;
  message: string;
  snapshot: string | undefined;
  commit: string | undefined;
  group: number | undefined;
}

/** Snapshot events, in order: the points time travel can jump to (and roll back to, with a workspace). */
export function snapshotMarks(events: readonly CockpitEvent[]): SnapshotMark[] {
  return events
    .filter((e) => e.event === 'snapshot')
    .map((e) => {
      const d = data(e);
      return {
        seq: e.seq,
        timestamp: e.timestamp,
        message: e.details?.message ?? '',
        snapshot: typeof d.snapshot === 'string' ? d.snapshot : undefined,
        commit: typeof d.commit === 'string' ? d.commit : undefined,
        group: typeof d.group === 'number' ? d.group : undefined,
      };
    });
}

export interface PlanTotals {
  tokens: number;
  costUsd: number;
  atoms: number;
  redFlags: number;
  completed: number;
  elapsedSeconds: number;
  tasksPerMinute: number;
  eventsPerSecond: number;
}

/** Tokens, cost and throughput from the events up to `uptoSeq`. */
export function planTotals(events: readonly CockpitEvent[], uptoSeq = Number.POSITIVE_INFINITY): PlanTotals {
  const totals = { tokens: 0, costUsd: 0, atoms: 0, redFlags: 0, completed: 0 };
  let first: number | undefined;
  let last: number | undefined;
  let count = 0;
  for (const event of events) {
    if (event.seq > uptoSeq) break;
    count++;
    const at = Date.parse(event.timestamp);
    if (!Number.isNaN(at)) {
      first ??= at;
      last = at;
    }
    const d = data(event);
    if (event.event === 'atom_completed') {
      totals.atoms++;
      totals.tokens += tokensOf(d.tokens);
      totals.costUsd += Number(d.cost_usd) || 0;
    } else if (event.event === 'red_flag') totals.redFlags++;
    else if (event.event === 'task_completed') totals.completed++;
  }
  const elapsedSeconds = first !== undefined && last !== undefined ? Math.max((last - first) / 1000, 0) : 0;
  return {
    ...totals,
    elapsedSeconds,
    tasksPerMinute: elapsedSeconds > 0 ? (totals.completed * 60) / elapsedSeconds : 0,
    eventsPerSecond: elapsedSeconds > 0 ? count / elapsedSeconds : 0,
  };
}

/** `tokens` may be a number or `{prompt, completion, total}` depending on the provider. */
function tokensOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object') {
    const t = value as Record<string, unknown>;
    if (typeof t.total === 'number') return t.total;
    return (Number(t.prompt ?? t.input) || 0) + (Number(t.completion ?? t.output) || 0);
  }
  return 0;
}

/** Event families the log filters by. */
export const EVENT_FAMILIES: Record<string, (name: string) => boolean> = {
  plan: (n) => n.startsWith('plan_') || n === 'emergency_stop',
  task: (n) => n.startsWith('task_') || n === 'script_generated',
  vote: (n) => n.startsWith('vote_'),
  atom: (n) => n.startsWith('atom_'),
  'red flag': (n) => n === 'red_flag',
  workspace: (n) => n === 'snapshot' || n === 'rollback' || n === 'merge',
  log: (n) => n === 'log',
};

export interface LogFilter {
  families: ReadonlySet<string>;
  taskId: string;
  text: string;
}

/** The newest `limit` events that pass the filter, newest first. */
export function filterEvents(
  events: readonly CockpitEvent[],
  filter: LogFilter,
  limit: number,
): CockpitEvent[] {
  const text = filter.text.trim().toLowerCase();
  const families = Object.entries(EVENT_FAMILIES).filter(([name]) => filter.families.has(name));
  const out: CockpitEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const event = events[i];
    if (filter.taskId && event.task_id !== filter.taskId) continue;
    if (!families.some(([, test]) => test(event.event))) continue;
    if (
      text &&
      !`${event.event} ${event.task_id ?? ''} ${event.details?.message ?? ''}`.toLowerCase().includes(text)
    )
      continue;
    out.push(event);
  }
  return out;
}

/**
 * Appends events received from the gateway to what the page holds, keeping `seq` order: an event at
 * or before the last seq is a duplicate and dropped; a jump past the next seq is counted as a gap.
 */
export function appendInOrder(
  held: CockpitEvent[],
  incoming: readonly CockpitEvent[],
): { events: CockpitEvent[]; duplicates: number; gaps: number } {
  let last = held.at(-1)?.seq ?? 0;
  let duplicates = 0;
  let gaps = 0;
  const events = held.slice();
  for (const event of incoming) {
    if (event.seq <= last) {
      duplicates++;
      continue;
    }
    if (event.seq !== last + 1) gaps++;
    events.push(event);
    last = event.seq;
  }
  return { events, duplicates, gaps };
}
