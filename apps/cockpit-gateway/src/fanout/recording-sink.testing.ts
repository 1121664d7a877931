import { ClientSink, type DisconnectReason, type SinkObserver } from './client-sink.js';
import type { StreamEntry } from './stream-entry.js';

/** A sink for unit specs: records what it was sent; `flush()` completes the pending writes. */
export class RecordingSink extends ClientSink {
  readonly transport = 'ws' as const;
  readonly sent: StreamEntry[] = [];
  ended?: { reason: DisconnectReason; message?: string };
  private unflushed: Array<() => void> = [];

  constructor(maxEvents = 100, observer: SinkObserver = { delivered() {}, closed() {} }) {
    super({ maxEvents, maxBytes: Number.MAX_SAFE_INTEGER }, observer);
  }

  seqs(): number[] {
    return this.sent.map((entry) => Number(entry.id.split('-')[0]));
  }

  flush(): void {
    const done = this.unflushed;
    this.unflushed = [];
    for (const callback of done) callback();
  }

  protected writeEntry(entry: StreamEntry): void {
    this.sent.push(entry);
    this.unflushed.push(this.onFlushed);
  }

  protected unflushedBytes(): number {
    return 0;
  }

  protected end(reason: DisconnectReason, message?: string): void {
    this.ended = { reason, message };
  }
}
