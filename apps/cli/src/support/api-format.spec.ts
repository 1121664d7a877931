import type { MakerEvent } from '@maker/contracts';
import { describe, expect, it } from 'vitest';
import { clip, countsLine, duration, eventLine, table } from './api-format.js';

describe('api-format', () => {
  it.each([
    [1_234, '1.2s'],
    [59_949, '59.9s'],
    [61_000, '1m 01s'],
    [3_725_000, '1h 02m'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it('lists counts in a stable order and says when there are none', () => {
    expect(countsLine({ skipped: 1, completed: 3, failed: 0, odd: 2 })).toBe('3 completed, 1 skipped, 2 odd');
    expect(countsLine({})).toBe('no tasks');
  });

  it('aligns columns without padding the last one', () => {
    expect(
      table(
        ['A', 'B', 'C'],
        [
          ['long-id', 'x', 'tail'],
          ['s', 'yy', ''],
        ],
      ),
    ).toEqual(['A        B   C', 'long-id  x   tail', 's        yy']);
  });

  it('renders an event as seq, UTC time, event, task and one-line message', () => {
    const event: MakerEvent = {
      event: 'task_started',
      plan_id: 'p',
      task_id: 't1',
      timestamp: '2026-11-25T12:00:01.250Z',
      seq: 17,
      details: { message: 'started\n  attempt 1', data: {} },
    };
    expect(eventLine(event)).toBe('    17 12:00:01.250 task_started     t1           started attempt 1');
    expect(eventLine({ ...event, task_id: null })).toContain(' task_started     -            ');
  });

  it('clips long text with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
  });
});
