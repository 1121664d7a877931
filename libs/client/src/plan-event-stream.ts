import type { MakerEvent } from '@maker/contracts';
import { type EventPage, isTerminalPlanStatus, PLAN_END_EVENTS } from './api-types.js';
import { MakerApiError, MakerEventGapError } from './errors.js';

/** Options of {@link MakerHttpClient.subscribe}. */
export interface SubscribeOptions {
  /** Deliver events with a seq greater than this. @defaultValue 0 (from the first event) */
  after?: number;
  /** Ends the subscription (quietly) when aborted. */
  signal?: AbortSignal;
  /**
   * Observer style: called for every event in order. The subscription then runs by itself and
   * {@link PlanEventStream.done} settles when it ends; do not also iterate it.
   */
  onEvent?: (event: MakerEvent) => void | Promise<void>;
  /** End after the event that ends the plan (`plan_completed`, `plan_failed`, …). @defaultValue true */
  untilPlanEnds?: boolean;
  /** First wait after an empty poll. @defaultValue 100 */
  pollIntervalMs?: number;
  /** Longest wait between polls (the wait doubles after each empty poll). @defaultValue 500 */
  maxPollIntervalMs?: number;
  /** Events asked for per request. @defaultValue 1000 */
  pageSize?: number;
  /**
   * `auto` takes events pushed by the cockpit gateway's SSE when the client has a `gatewayUrl`
   * (falling back to polling if that fails); `poll` always polls the orchestrator.
   * @defaultValue 'auto'
   */
  transport?: 'auto' | 'poll';
  /** Transient failures (unreachable, 5xx) in a row tolerated before the subscription fails. @defaultValue 10 */
  maxConsecutiveErrors?: number;
}

/** What a stream needs from the API: one page of events, and the plan's status and last seq. */
export interface EventSource {
  page(after: number, limit: number, signal?: AbortSignal): Promise<EventPage>;
  status(signal?: AbortSignal): Promise<{ status: string; seq: number }>;
  /** A push connection (the gateway's SSE) delivering events after a seq until it ends. */
  live?(after: number, signal: AbortSignal): AsyncIterable<MakerEvent>;
}

/**
 * A plan's events in seq order, resumable from any seq, with no gap and no duplicate: events at or
 * below the last delivered seq are dropped, and a skipped seq fails the stream with
 * {@link MakerEventGapError}. Polls the events endpoint, backing off while nothing happens; with a
 * live source (the gateway's SSE) it takes pushed events and falls back to polling when the push
 * connection fails.
 */
export class PlanEventStream implements AsyncIterable<MakerEvent> {
  private seq: number;
  private closed = false;
  private mode: 'sse' | 'poll';
  private started = false;
  private readonly stopper = new AbortController();
  /** Settles when an observer-style subscription ends (rejects with its error). */
  readonly done: Promise<void>;

  constructor(
    readonly planId: string,
    private readonly source: EventSource,
    private readonly options: SubscribeOptions = {},
  ) {
    this.seq = options.after ?? 0;
    this.mode = source.live ? 'sse' : 'poll';
    if (options.signal?.aborted) this.close();
    else options.signal?.addEventListener('abort', () => this.close(), { once: true });
    this.done = options.onEvent ? this.observe(options.onEvent) : Promise.resolve();
    // Observers learn of a failure by awaiting `done`; an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  /** Seq of the last event delivered (or `after` when none was): resume from here. */
  get lastSeq(): number {
    return this.seq;
  }

  /** How events arrive now: `sse` from the gateway, or `poll` (also after falling back from SSE). */
  get transport(): 'sse' | 'poll' {
    return this.mode;
  }

  /** Stops the subscription; an iteration in progress ends after the current event. */
  close(): void {
    this.closed = true;
    this.stopper.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<MakerEvent> {
    if (this.started) throw new Error('a PlanEventStream can be consumed once');
    this.started = true;
    return this.events();
  }

  private async observe(onEvent: (event: MakerEvent) => void | Promise<void>): Promise<void> {
    for await (const event of this) await onEvent(event);
  }

  private async *events(): AsyncGenerator<MakerEvent> {
    try {
      if (this.source.live && (yield* this.liveEvents())) return;
      this.mode = 'poll';
      yield* this.polledEvents();
    } finally {
      this.closed = true;
    }
  }

  /**
   * Events pushed by the gateway, reconnecting from the last seq when it ends a stream. Returns
   * true when the subscription is over, false to carry on by polling the orchestrator (the gateway
   * is unreachable, refuses, or skipped a seq: the orchestrator is the authority).
   */
  private async *liveEvents(): AsyncGenerator<MakerEvent, boolean> {
    const untilEnd = this.options.untilPlanEnds ?? true;
    let fruitless = 0;
    while (!this.closed) {
      if (untilEnd && (await this.endedWithoutNews())) return true;
      const before = this.seq;
      try {
        for await (const event of this.source.live!(this.seq, this.stopper.signal)) {
          if (event.seq <= this.seq) continue;
          if (event.seq !== this.seq + 1) return false;
          this.seq = event.seq;
          yield event;
          if (this.closed || (untilEnd && PLAN_END_EVENTS.has(event.event))) return true;
        }
      } catch {
        return this.closed;
      }
      if (this.closed) return true;
      fruitless = this.seq > before ? 0 : fruitless + 1;
      if (fruitless > 3) return false;
      await this.pause(this.options.pollIntervalMs ?? 100);
    }
    return true;
  }

  private async *polledEvents(): AsyncGenerator<MakerEvent> {
    const untilEnd = this.options.untilPlanEnds ?? true;
    const minWait = this.options.pollIntervalMs ?? 100;
    const maxWait = this.options.maxPollIntervalMs ?? 500;
    let wait = minWait;
    let errors = 0;
    while (!this.closed) {
      let page: EventPage;
      try {
        page = await this.source.page(this.seq, this.options.pageSize ?? 1_000, this.stopper.signal);
        errors = 0;
      } catch (error) {
        if (this.closed) return;
        if (!isTransient(error) || ++errors > (this.options.maxConsecutiveErrors ?? 10)) throw error;
        await this.pause((wait = Math.min(wait * 2, maxWait)));
        continue;
      }
      const fresh = page.events.filter((e) => e.seq > this.seq);
      for (const event of fresh) {
        if (event.seq !== this.seq + 1) throw new MakerEventGapError(this.planId, this.seq + 1, event.seq);
        this.seq = event.seq;
        yield event;
        if (this.closed) return;
        if (untilEnd && PLAN_END_EVENTS.has(event.event)) return;
      }
      if (fresh.length > 0) {
        wait = minWait;
        continue;
      }
      if (untilEnd && (await this.endedWithoutNews())) return;
      await this.pause(wait);
      wait = Math.min(wait * 2, maxWait);
    }
  }

  /** True when the plan is over and its last event is already behind us (subscribed after its end). */
  private async endedWithoutNews(): Promise<boolean> {
    try {
      const { status, seq } = await this.source.status(this.stopper.signal);
      return isTerminalPlanStatus(status) && seq <= this.seq;
    } catch (error) {
      if (this.closed || isTransient(error)) return false;
      throw error;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const signal = this.stopper.signal;
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}

/** Worth retrying: the API was unreachable, overloaded or failing, not refusing. */
export function isTransient(error: unknown): boolean {
  if (error instanceof MakerApiError) return error.status >= 500 || error.status === 429;
  return (error as { code?: string })?.code === 'unreachable';
}
