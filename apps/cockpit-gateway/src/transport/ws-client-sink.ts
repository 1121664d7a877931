import type { WebSocket } from 'ws';
import {
  ClientSink,
  type DisconnectReason,
  type SinkLimits,
  type SinkObserver,
} from '../fanout/client-sink.js';
import type { StreamEntry } from '../fanout/stream-entry.js';

/** Close codes: 1012 service restart, 4401 unauthorized, 4008 too slow, 1011 server error. */
const CLOSE_CODES: Record<DisconnectReason, number> = {
  slow_consumer: 4008,
  client_closed: 1000,
  unauthorized: 4401,
  invalid_request: 4400,
  heartbeat_timeout: 4408,
  shutdown: 1012,
  error: 1011,
};

const TEXT_FRAME = { binary: false } as const;

/** How long a closing client may take to read the error and the close frame before it is cut off. */
const CLOSE_GRACE_MS = 2_000;

/** A WebSocket client: frames are the shared per-event buffers, written as text. */
export class WsClientSink extends ClientSink {
  readonly transport = 'ws' as const;

  constructor(
    private readonly socket: WebSocket,
    limits: SinkLimits,
    observer: SinkObserver,
  ) {
    super(limits, observer);
  }

  /** A control message (acknowledgement, error) outside the event backlog accounting. */
  control(message: Record<string, unknown>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  ping(): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  protected writeEntry(entry: StreamEntry): number {
    const frame = entry.wsFrame();
    this.socket.send(frame, TEXT_FRAME);
    return frame.length;
  }

  protected unflushedBytes(): number {
    return this.socket.bufferedAmount;
  }

  protected end(reason: DisconnectReason, message?: string): void {
    if (reason === 'client_closed') return;
    if (reason === 'heartbeat_timeout') return void this.socket.terminate();
    this.control({ type: 'error', reason, ...(message ? { message } : {}) });
    this.socket.close(CLOSE_CODES[reason], reason);
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}
