import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { globalKeys, LOGGER, planKeys, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { CockpitGatewayConfig } from '../config/cockpit-gateway.config.js';
import type { ClientSink } from './client-sink.js';
import { entryFromReply, type FeedKind, type StreamEntry } from './stream-entry.js';
import { compareStreamIds } from './stream-id.js';
import { Subscription } from './subscription.js';

/** What a client subscribes to: one plan's events, or `*` for every plan's lifecycle events. */
export interface FeedTarget {
  kind: FeedKind;
  /** The plan id, or `*`. */
  plan: string;
}

/** A stream read live for at least one subscriber of this process. */
class Feed {
  readonly subscriptions = new Set<Subscription>();
  /** The last stream id read live; unset until the feed knows where the stream ends. */
  lastId?: string;
  ready!: Promise<void>;

  constructor(
    readonly key: string,
    readonly kind: FeedKind,
  ) {}

  dispatch(entries: StreamEntry[]) {
    for (const entry of entries) {
      for (const subscription of this.subscriptions) subscription.receive(entry);
    }
  }
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * Fan-out of Redis event streams to clients. One dedicated connection per process reads every
 * stream that has a subscriber with one `XREAD BLOCK`; each entry is parsed and framed once and
 * handed to every subscription of that stream. A new stream interrupts the blocking read
 * (`CLIENT UNBLOCK`) so it joins at once. Resuming clients read history with `XRANGE` on the
 * shared connection and then join the live feed with no gap and no duplicate (see Subscription).
 */
@Injectable()
export class EventFanout implements OnApplicationShutdown {
  private readonly feeds = new Map<string, Feed>();
  private reader?: Redis;
  private readerId?: number;
  private stopped = false;
  private wake?: () => void;
  /** Bumped whenever the set of streams changes; the read in flight knows which set it used. */
  private generation = 0;
  private readingGeneration?: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: CockpitGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Stream key of a target. */
  keyOf(target: FeedTarget): string {
    const prefix = this.config.MAKER_PREFIX;
    return target.kind === 'lifecycle' ? globalKeys(prefix).lifecycle : planKeys(prefix, target.plan).events;
  }

  /**
   * Subscribes a client from a stream id (exclusive); `$` means "from now on". Resolves once the
   * subscription is live: history after the cursor has been handed to the client.
   */
  async subscribe(target: FeedTarget, sink: ClientSink, after: string, label: string): Promise<Subscription> {
    const feed = this.feedFor(target);
    const subscription = new Subscription(
      feed.key,
      sink,
      after === '$' ? '0-0' : after,
      this.config.MAKER_GATEWAY_MAX_BUFFERED_EVENTS,
      label,
    );
    feed.subscriptions.add(subscription);
    try {
      await feed.ready;
      if (after === '$') subscription.cursor = feed.lastId ?? '0-0';
      await this.catchUp(feed, subscription);
    } catch (error) {
      this.unsubscribe(subscription);
      throw error;
    }
    return subscription;
  }

  unsubscribe(subscription: Subscription): void {
    const feed = this.feeds.get(subscription.key);
    if (!feed?.subscriptions.delete(subscription)) return;
    if (feed.subscriptions.size === 0) this.feeds.delete(feed.key);
  }

  /** Streams read live by this process (for tests and metrics). */
  get liveStreams(): number {
    return this.feeds.size;
  }

  private feedFor(target: FeedTarget): Feed {
    const key = this.keyOf(target);
    const existing = this.feeds.get(key);
    if (existing) return existing;
    const feed = new Feed(key, target.kind);
    this.feeds.set(key, feed);
    feed.ready = this.findEnd(feed);
    return feed;
  }

  /** Where the stream ends now: the live read starts there. */
  private async findEnd(feed: Feed): Promise<void> {
    let last: Array<[string, string[]]>;
    try {
      last = (await this.redis.xrevrange(feed.key, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    } catch (error) {
      if (this.feeds.get(feed.key) === feed) this.feeds.delete(feed.key);
      throw error;
    }
    feed.lastId = last[0]?.[0] ?? '0-0';
    this.startReader();
    this.interruptRead();
  }

  private async catchUp(feed: Feed, subscription: Subscription): Promise<void> {
    const batch = this.config.MAKER_GATEWAY_CATCHUP_BATCH;
    const { sink } = subscription;
    for (;;) {
      if (sink.closed) return;
      const reply = (await this.redis.xrange(
        feed.key,
        `(${subscription.cursor}`,
        '+',
        'COUNT',
        batch,
      )) as Array<[string, string[]]>;
      for (const raw of reply) {
        const entry = entryFromReply(feed.kind, raw);
        if (entry) subscription.deliver(entry);
        else subscription.cursor = raw[0];
      }
      if (reply.length < batch && subscription.goLiveIfComplete()) return;
      await sink.drained();
    }
  }

  private startReader(): void {
    if (this.reader || this.stopped) return;
    const reader = this.redis.duplicate({ connectionName: 'cockpit-gateway:fanout' });
    this.reader = reader;
    reader.on('ready', () => {
      reader
        .client('ID')
        .then((id) => {
          this.readerId = Number(id);
        })
        .catch(() => undefined);
    });
    reader.on('error', (error) => this.logger.debug({ err: error }, 'fan-out reader connection error'));
    void this.readLoop(reader);
  }

  /** Makes the blocking XREAD return now, so it restarts with the current set of streams. */
  private interruptRead(): void {
    this.generation++;
    if (this.wake) {
      const wake = this.wake;
      this.wake = undefined;
      wake();
      return;
    }
    void this.unblockStaleRead();
  }

  /** `CLIENT UNBLOCK` answers 0 when the read has not reached Redis yet: try again briefly. */
  private async unblockStaleRead(): Promise<void> {
    for (let attempt = 0; attempt < 50 && !this.stopped; attempt++) {
      const stale = this.readingGeneration !== undefined && this.readingGeneration !== this.generation;
      if (!stale || this.readerId === undefined) return;
      const unblocked = await this.redis.call('CLIENT', 'UNBLOCK', this.readerId).catch(() => 0);
      if (unblocked === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  private async readLoop(reader: Redis): Promise<void> {
    while (!this.stopped) {
      const feeds = [...this.feeds.values()].filter((feed) => feed.lastId !== undefined);
      if (feeds.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.readingGeneration = this.generation;
      try {
        const reply = (await reader.xread(
          'COUNT',
          this.config.MAKER_GATEWAY_READ_COUNT,
          'BLOCK',
          this.config.MAKER_GATEWAY_READ_BLOCK_MS,
          'STREAMS',
          ...feeds.map((feed) => feed.key),
          ...feeds.map((feed) => feed.lastId!),
        )) as StreamReply;
        if (reply) this.dispatch(reply);
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn({ err: error }, 'fan-out read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        this.readingGeneration = undefined;
      }
    }
  }

  private dispatch(reply: NonNullable<StreamReply>): void {
    for (const [key, raws] of reply) {
      const feed = this.feeds.get(key);
      if (!feed || raws.length === 0) continue;
      const from = feed.lastId ?? '0-0';
      const last = raws[raws.length - 1][0];
      if (compareStreamIds(last, from) <= 0) continue;
      feed.lastId = last;
      const entries: StreamEntry[] = [];
      for (const raw of raws) {
        if (compareStreamIds(raw[0], from) <= 0) continue;
        const entry = entryFromReply(feed.kind, raw);
        if (entry) entries.push(entry);
      }
      feed.dispatch(entries);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.reader?.disconnect();
  }
}
