import { describe, expect, it } from 'vitest';
import {
  appendInOrder,
  type CockpitEvent,
  EVENT_FAMILIES,
  filterEvents,
  planStatusAt,
  planTotals,
  snapshotMarks,
  taskStatesAt,
  voteRaces,
} from './derive.js';

let seq = 0;
const ev = (
  event: string,
  task: string | null,
  data: Record<string, unknown> = {},
  message = '',
): CockpitEvent => ({
  event,
  plan_id: 'p',
  task_id: task,
  timestamp: new Date(Date.UTC(2026, 10, 25, 12, 0, 0, ++seq * 100)).toISOString(),
  seq,
  details: { message, data },
});

function history(): CockpitEvent[] {
  seq = 0;
  return [
    ev('plan_started', null),
    ev('snapshot', null, { group: 0, snapshot: 'group:g0', commit: 'abc' }),
    ev('task_started', 'a', { attempt: 1 }),
    ev('script_generated', 'a', { script: 'x' }),
    ev('vote_started', 'a', { k: 2, call: 'code' }),
    ev('vote_sample', 'a', { call: 'code', sample_index: 0, candidate: 'A', votes: { A: 1 } }),
    ev('red_flag', 'a', { call: 'code', reasons: ['too long'] }),
    ev('vote_sample', 'a', { call: 'code', sample_index: 2, candidate: 'B', votes: { A: 1, B: 1 } }),
    ev('vote_sample', 'a', { call: 'code', sample_index: 3, candidate: 'A', votes: { A: 2, B: 1 } }),
    ev('vote_sample', 'a', { call: 'code', sample_index: 4, candidate: 'A', votes: { A: 3, B: 1 } }),
    ev('vote_completed', 'a', { call: 'code', status: 'decided', winner: 'A' }),
    ev('atom_completed', 'a', { tokens: 120, cost_usd: 0.001, model: 'm' }),
    ev('atom_completed', 'a', { tokens: { prompt: 10, completion: 5 }, cost_usd: 0.002 }),
    ev('task_completed', 'a'),
    ev('task_ready', 'b'),
    ev('task_started', 'b', { attempt: 1 }),
    ev('task_escalated', 'b', {}, 'no consensus'),
    ev('task_retry', 'b', { k: 5 }, 'retried by a person with k=5'),
  ];
}

describe('task states from the event log', () => {
  it('follows each task through its events, and can stop at any seq (time travel)', () => {
    const events = history();
    expect(Object.fromEntries(taskStatesAt(['a', 'b', 'c'], events))).toEqual({
      a: 'completed',
      b: 'ready',
      c: 'pending',
    });
    expect(Object.fromEntries(taskStatesAt(['a', 'b'], events, 4))).toEqual({ a: 'executing', b: 'pending' });
    expect(taskStatesAt(['b'], events, 17).get('b')).toBe('escalated');
  });

  it('marks unfinished tasks cancelled when the plan is cancelled, and keeps finished ones', () => {
    const events = [...history(), ev('plan_cancelled', null)];
    expect(Object.fromEntries(taskStatesAt(['a', 'b', 'c'], events))).toEqual({
      a: 'completed',
      b: 'cancelled',
      c: 'cancelled',
    });
    expect(planStatusAt(events, Number.POSITIVE_INFINITY, 'accepted')).toBe('cancelled');
    expect(planStatusAt(events, 3, 'accepted')).toBe('running');
  });
});

describe('votes as races', () => {
  it('draws each vote with running counts per candidate, red flags, and the winner', () => {
    const [race] = voteRaces(history());
    expect(race).toMatchObject({
      taskId: 'a',
      call: 'code',
      k: 2,
      samples: 5,
      redFlags: 1,
      status: 'decided',
      winner: 'A',
      candidates: [
        { name: 'A', votes: 3 },
        { name: 'B', votes: 1 },
      ],
    });
  });

  it('shows the race as it stood at an earlier seq', () => {
    const [race] = voteRaces(history(), 8);
    expect(race.candidates).toEqual([
      { name: 'A', votes: 1 },
      { name: 'B', votes: 1 },
    ]);
    expect(race.status).toBeUndefined();
  });

  it('copes with samples that carry only a candidate, or no vote_started', () => {
    seq = 0;
    const races = voteRaces([
      ev('vote_sample', 'x', { candidate: 'Q' }),
      ev('vote_sample', 'x', { candidate: 'Q' }),
    ]);
    expect(races[0].candidates).toEqual([{ name: 'Q', votes: 2 }]);
  });
});

describe('plan totals, snapshots and the log filter', () => {
  it('adds tokens and cost of atoms, in either token shape', () => {
    const totals = planTotals(history());
    expect(totals).toMatchObject({ tokens: 135, atoms: 2, redFlags: 1, completed: 1 });
    expect(totals.costUsd).toBeCloseTo(0.003);
    expect(totals.eventsPerSecond).toBeGreaterThan(0);
  });

  it('lists snapshots with their seq for time travel', () => {
    expect(snapshotMarks(history())).toMatchObject([
      { seq: 2, snapshot: 'group:g0', commit: 'abc', group: 0 },
    ]);
  });

  it('filters by family, task and text, newest first', () => {
    const all = new Set(Object.keys(EVENT_FAMILIES));
    const votesOnly = filterEvents(history(), { families: new Set(['vote']), taskId: '', text: '' }, 3);
    expect(votesOnly.map((e) => e.seq)).toEqual([11, 10, 9]);
    expect(
      filterEvents(history(), { families: all, taskId: 'b', text: 'person' }, 10).map((e) => e.event),
    ).toEqual(['task_retry']);
  });
});

describe('appending received events', () => {
  it('drops duplicates and counts gaps by seq', () => {
    seq = 0;
    const [one, two, three, four] = [ev('log', null), ev('log', null), ev('log', null), ev('log', null)];
    const first = appendInOrder([], [one, two]);
    const second = appendInOrder(first.events, [two, four]);
    expect(second.events.map((e) => e.seq)).toEqual([1, 2, 4]);
    expect(second).toMatchObject({ duplicates: 1, gaps: 1 });
    expect(appendInOrder(first.events, [three]).gaps).toBe(0);
  });
});
