import type { MakerEvent } from '@maker/contracts';
import { describe, expect, it } from 'vitest';
import type { EventPage } from './api-types.js';
import { MakerApiError, MakerConnectionError, MakerEventGapError } from './errors.js';
import { type EventSource, PlanEventStream } from './plan-event-stream.js';

function event(seq: number, name: MakerEvent['event'] = 'log'): MakerEvent {
  return {
    event: name,
    plan_id: 'p',
    task_id: null,
    timestamp: new Date(0).toISOString(),
    seq,
    details: { message: `e${seq}`, data: {} },
  };
}

/** A source over a growing list of events, answering `pageSize` at most per call, with scripted failures. */
class FakeSource implements EventSource {
  readonly asked: number[] = [];
  status_ = { status: 'running', seq: 0 };
  failures: unknown[] = [];
  constructor(
    public log: MakerEvent[],
    private readonly extra: (after: number) => MakerEvent[] = () => [],
  ) {}

  async page(after: number, limit: number): Promise<EventPage> {
    this.asked.push(after);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const events = [...this.log.filter((e) => e.seq > after).slice(0, limit), ...this.extra(after)];
    return { plan_id: 'p', events, next_after: events.at(-1)?.seq ?? after };
  }

  async status() {
    return this.status_;
  }
}

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2 };

async function collect(stream: AsyncIterable<MakerEvent>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const e of stream) seqs.push(e.seq);
  return seqs;
}

describe('PlanEventStream', () => {
  it('delivers every event in seq order across pages and ends after the plan-ending event', async () => {
    const source = new FakeSource([
      ...[1, 2, 3, 4].map((s) => event(s)),
      event(5, 'plan_completed'),
      event(6),
    ]);
    const stream = new PlanEventStream('p', source, { ...fast, pageSize: 2 });
    expect(await collect(stream)).toEqual([1, 2, 3, 4, 5]);
    expect(source.asked).toEqual([0, 2, 4]);
    expect(stream.lastSeq).toBe(5);
  });

  it('resumes after a given seq and drops events it has already delivered', async () => {
    const source = new FakeSource([event(1), event(2), event(3), event(4, 'plan_failed')], (after) =>
      after === 2 ? [event(2), event(1)] : [],
    );
    expect(await collect(new PlanEventStream('p', source, { ...fast, after: 1 }))).toEqual([2, 3, 4]);
  });

  it('fails with a gap error when a seq is skipped', async () => {
    const source = new FakeSource([event(1), event(3)]);
    const stream = new PlanEventStream('p', source, fast);
    await expect(collect(stream)).rejects.toMatchObject({
      constructor: MakerEventGapError,
      expectedSeq: 2,
      receivedSeq: 3,
    });
  });

  it('keeps polling through transient failures and backs off', async () => {
    const source = new FakeSource([event(1), event(2, 'plan_cancelled')]);
    source.failures = [
      new MakerConnectionError('http://x', new Error('ECONNREFUSED')),
      new MakerApiError(503, {}, 'GET', '/'),
    ];
    expect(await collect(new PlanEventStream('p', source, fast))).toEqual([1, 2]);
  });

  it('fails at once on a refusal such as 404', async () => {
    const source = new FakeSource([]);
    source.failures = [new MakerApiError(404, { error: 'not_found', message: 'no plan p' }, 'GET', '/')];
    await expect(collect(new PlanEventStream('p', source, fast))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('ends when subscribed after the plan already ended', async () => {
    const source = new FakeSource([event(1), event(2, 'plan_completed')]);
    source.status_ = { status: 'completed', seq: 2 };
    expect(await collect(new PlanEventStream('p', source, { ...fast, after: 2 }))).toEqual([]);
  });

  it('follows past the end when asked not to stop, until closed', async () => {
    const source = new FakeSource([event(1, 'plan_completed'), event(2)]);
    const stream = new PlanEventStream('p', source, { ...fast, untilPlanEnds: false });
    const seen: number[] = [];
    for await (const e of stream) {
      seen.push(e.seq);
      if (e.seq === 2) stream.close();
    }
    expect(seen).toEqual([1, 2]);
  });

  it('ends quietly when its signal is aborted while waiting for news', async () => {
    const source = new FakeSource([event(1)]);
    const abort = new AbortController();
    const stream = new PlanEventStream('p', source, { pollIntervalMs: 60_000, signal: abort.signal });
    const seen: number[] = [];
    for await (const e of stream) {
      seen.push(e.seq);
      abort.abort();
    }
    expect(seen).toEqual([1]);
  });

  it('runs by itself for an observer and settles done when the plan ends', async () => {
    const source = new FakeSource([event(1), event(2, 'plan_halted')]);
    const seen: number[] = [];
    const stream = new PlanEventStream('p', source, { ...fast, onEvent: (e) => void seen.push(e.seq) });
    await stream.done;
    expect(seen).toEqual([1, 2]);
  });
});

describe('PlanEventStream with a live source', () => {
  function liveSource(connections: Array<MakerEvent[] | Error>, log: MakerEvent[]) {
    const source = new FakeSource(log);
    const afters: number[] = [];
    (source as EventSource).live = (after) => {
      afters.push(after);
      const next = connections.shift() ?? new Error('no more connections');
      return (async function* () {
        if (next instanceof Error) throw next;
        yield* next;
      })();
    };
    return { source, afters };
  }

  it('drops duplicates across reconnections and resumes from the last seq', async () => {
    const { source, afters } = liveSource(
      [
        [event(1), event(2)],
        [event(2), event(3), event(4, 'plan_completed')],
      ],
      [],
    );
    const stream = new PlanEventStream('p', source, fast);
    expect(await collect(stream)).toEqual([1, 2, 3, 4]);
    expect(afters).toEqual([0, 2]);
    expect(stream.transport).toBe('sse');
  });

  it('falls back to polling when the push connection skips a seq, filling the gap from the log', async () => {
    const log = [event(1), event(2), event(3), event(4, 'plan_completed')];
    const { source } = liveSource([[event(1), event(3)]], log);
    const stream = new PlanEventStream('p', source, fast);
    expect(await collect(stream)).toEqual([1, 2, 3, 4]);
    expect(stream.transport).toBe('poll');
  });

  it('falls back to polling when the push connection fails', async () => {
    const log = [event(1), event(2, 'plan_completed')];
    const { source } = liveSource([new Error('ECONNREFUSED')], log);
    const stream = new PlanEventStream('p', source, fast);
    expect(await collect(stream)).toEqual([1, 2]);
    expect(stream.transport).toBe('poll');
  });
});
