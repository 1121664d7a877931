import { describe, expect, it } from 'vitest';
import { StreamEntry } from './stream-entry.js';
import { Subscription } from './subscription.js';
import { RecordingSink } from './recording-sink.testing.js';

const entry = (seq: number) => new StreamEntry(`${seq}-0`, `{"event":"log","seq":${seq}}`, 'plan');
const entries = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => entry(from + i));

describe('a subscription joining history and the live feed', () => {
  it('delivers history, then live entries that arrived meanwhile, with no duplicate of the overlap', () => {
    const sink = new RecordingSink(1_000);
    const subscription = new Subscription('k', sink, '3-0', 100, '3');
    for (const live of entries(8, 10)) subscription.receive(live);
    for (const history of entries(4, 9)) subscription.deliver(history);
    expect(subscription.goLiveIfComplete()).toBe(true);
    subscription.receive(entry(10));
    subscription.receive(entry(11));
    expect(sink.seqs()).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('drops live entries that overflow while catching up and asks for another history read instead', () => {
    const sink = new RecordingSink(1_000);
    const subscription = new Subscription('k', sink, '0-0', 2, '0');
    for (const live of entries(1, 5)) subscription.receive(live);
    expect(subscription.goLiveIfComplete()).toBe(false);
    for (const history of entries(1, 5)) subscription.deliver(history);
    subscription.receive(entry(6));
    expect(subscription.goLiveIfComplete()).toBe(true);
    expect(sink.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('skips lifecycle entries that are not plan lifecycle events but moves its cursor past them', () => {
    const sink = new RecordingSink();
    const subscription = new Subscription('k', sink, '0-0', 10, '$');
    subscription.goLiveIfComplete();
    subscription.receive(new StreamEntry('5-0', '{"event":"snapshot","seq":3}', 'lifecycle'));
    subscription.receive(new StreamEntry('6-0', '{"event":"plan_completed","seq":4}', 'lifecycle'));
    expect(sink.sent.map((e) => e.id)).toEqual(['6-0']);
    expect(subscription.cursor).toBe('6-0');
  });
});

describe('a client sink', () => {
  it('closes a client whose unflushed backlog reaches the bound with slow_consumer, and stops writing to it', () => {
    const closed: string[] = [];
    const sink = new RecordingSink(3, { delivered() {}, closed: (_sink, reason) => closed.push(reason) });
    for (const e of entries(1, 3)) expect(sink.send(e)).toBe(true);
    expect(sink.send(entry(4))).toBe(false);
    expect(sink.send(entry(5))).toBe(false);
    expect(sink.ended?.reason).toBe('slow_consumer');
    expect(closed).toEqual(['slow_consumer']);
    expect(sink.seqs()).toEqual([1, 2, 3]);
  });

  it('keeps a client that flushes as fast as it is written, and paces catch-up on its backlog', async () => {
    const sink = new RecordingSink(4);
    for (const e of entries(1, 4)) sink.send(e);
    let drained = false;
    const waiting = sink.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    sink.flush();
    await waiting;
    expect(sink.buffered).toBe(0);
    for (const e of entries(5, 8)) expect(sink.send(e)).toBe(true);
    expect(sink.closed).toBe(false);
  });
});

describe('stream entry frames', () => {
  it('frames a plan event for WebSocket and SSE once, with the seq as the SSE id', () => {
    const e = new StreamEntry('17-0', '{"event":"log","seq":17}', 'plan');
    expect(String(e.wsFrame())).toBe('{"type":"event","event":{"event":"log","seq":17}}');
    expect(String(e.sseFrame())).toBe('id: 17\ndata: {"event":"log","seq":17}\n\n');
    expect(e.wsFrame()).toBe(e.wsFrame());
  });

  it('gives lifecycle frames their stream id to resume from', () => {
    const e = new StreamEntry('1732540000000-3', '{"event":"plan_started","seq":2}', 'lifecycle');
    expect(JSON.parse(String(e.wsFrame()))).toEqual({
      type: 'event',
      stream_id: '1732540000000-3',
      event: { event: 'plan_started', seq: 2 },
    });
    expect(String(e.sseFrame())).toMatch(/^id: 1732540000000-3\n/);
  });
});
