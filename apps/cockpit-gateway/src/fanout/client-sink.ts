import type { StreamEntry } from './stream-entry.js';

export type Transport = 'ws' | 'sse';

/** Why the gateway closed a connection (label `reason` of `maker_gateway_disconnects_total`). */
export type DisconnectReason =
  | 'slow_consumer'
  | 'client_closed'
  | 'unauthorized'
  | 'invalid_request'
  | 'heartbeat_timeout'
  | 'shutdown'
  | 'error';

export interface SinkLimits {
  /** Frames written but not yet flushed to the socket; past it the client is dropped. */
  maxEvents: number;
  /** Bytes of unflushed output; past it the client is dropped. */
  maxBytes: number;
}

export interface SinkObserver {
  delivered(transport: Transport, frames: number): void;
  closed(sink: ClientSink, reason: DisconnectReason): void;
}

/**
 * One connected client, transport-agnostic. Its backlog is what the transport holds unflushed
 * (bytes the socket has not taken yet), also counted in events by the average frame size: that
 * backlog is bounded, and a client that exceeds it is closed with `slow_consumer` instead of
 * buffering without limit or slowing anyone else down. No per-write callbacks: sending a frame
 * costs one socket write and a few additions.
 */
export abstract class ClientSink {
  abstract readonly transport: Transport;
  closedWith?: DisconnectReason;
  private framesSent = 0;
  private bytesSent = 0;

  constructor(
    protected readonly limits: SinkLimits,
    protected readonly observer: SinkObserver,
  ) {}

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Events written to this client and not yet flushed to its socket (estimated from bytes). */
  get buffered(): number {
    return this.eventsIn(this.unflushedBytes());
  }

  /** Writes one entry's frame; false when the client is gone or was just dropped as too slow. */
  send(entry: StreamEntry): boolean {
    if (this.closed) return false;
    const backlog = this.unflushedBytes();
    if (backlog >= this.limits.maxBytes || this.eventsIn(backlog) >= this.limits.maxEvents) {
      this.close(
        'slow_consumer',
        `more than ${this.limits.maxEvents} events or ${this.limits.maxBytes} bytes behind`,
      );
      return false;
    }
    this.bytesSent += this.writeEntry(entry);
    this.framesSent++;
    this.observer.delivered(this.transport, 1);
    return true;
  }

  /** Resolves once the backlog is at most half the bound (or the client is gone): catch-up reads pace on it. */
  async drained(): Promise<void> {
    let pause = 2;
    while (!this.closed && this.buffered > this.limits.maxEvents / 2) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
    }
  }

  /** Closes the connection once, telling the client why, and reports the reason. */
  close(reason: DisconnectReason, message?: string): void {
    if (this.closed) return;
    this.closedWith = reason;
    this.observer.closed(this, reason);
    this.end(reason, message);
  }

  private eventsIn(bytes: number): number {
    if (bytes <= 0) return 0;
    if (this.framesSent === 0) return 1;
    return Math.ceil(bytes / Math.max(this.bytesSent / this.framesSent, 1));
  }

  /** Writes the entry's frame; returns its size in bytes. */
  protected abstract writeEntry(entry: StreamEntry): number;
  /** Bytes written and not yet taken by the socket. */
  protected abstract unflushedBytes(): number;
  protected abstract end(reason: DisconnectReason, message?: string): void;
}
