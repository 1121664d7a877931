import { ClientSink, type DisconnectReason, type SinkObserver } from './client-sink.js';
import type { StreamEntry } from './stream-entry.js';

/** A sink for unit specs: records what it was sent; its frames stay unflushed until `flush()`. */
export class RecordingSink extends ClientSink {
  readonly transport = 'ws' as const;
  readonly sent: StreamEntry[] = [];
  ended?: { reason: DisconnectReason; message?: string };
  private unflushed = 0;

  constructor(maxEvents = 100, observer: SinkObserver = { delivered() {}, closed() {} }) {
    super({ maxEvents, maxBytes: Number.MAX_SAFE_INTEGER }, observer);
  }

  seqs(): number[] {
    return this.sent.map((entry) => Number(entry.id.split('-')[0]));
  }

  flush(): void {
    this.unflushed = 0;
  }

  protected writeEntry(entry: StreamEntry): number {
    this.sent.push(entry);
    const size = entry.wsFrame().length;
    this.unflushed += size;
    return size;
  }

  protected unflushedBytes(): number {
    return this.unflushed;
  }

  protected end(reason: DisconnectReason, message?: string): void {
    this.ended = { reason, message };
  }
}
