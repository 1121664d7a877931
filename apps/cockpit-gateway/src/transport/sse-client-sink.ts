import type { ServerResponse } from 'node:http';
import {
  ClientSink,
  type DisconnectReason,
  type SinkLimits,
  type SinkObserver,
} from '../fanout/client-sink.js';
import type { StreamEntry } from '../fanout/stream-entry.js';

const CLOSE_GRACE_MS = 2_000;

/** A Server-Sent Events client. */
export class SseClientSink extends ClientSink {
  readonly transport = 'sse' as const;

  constructor(
    private readonly response: ServerResponse,
    limits: SinkLimits,
    observer: SinkObserver,
  ) {
    super(limits, observer);
  }

  /** A comment line: keeps proxies from timing the stream out; not an event. */
  heartbeat(): void {
    if (!this.closed) this.response.write(': keep-alive\n\n');
  }

  protected writeEntry(entry: StreamEntry): number {
    const frame = entry.sseFrame();
    this.response.write(frame);
    return frame.length;
  }

  protected unflushedBytes(): number {
    return this.response.writableLength;
  }

  /** An `error` event with `{"type":"error","reason":...}`, then the end of the stream. */
  protected end(reason: DisconnectReason, message?: string): void {
    if (reason === 'client_closed') return;
    const body = JSON.stringify({ type: 'error', reason, ...(message ? { message } : {}) });
    this.response.end(`event: error\ndata: ${body}\n\n`);
    setTimeout(() => this.response.destroy(), CLOSE_GRACE_MS).unref();
  }
}
