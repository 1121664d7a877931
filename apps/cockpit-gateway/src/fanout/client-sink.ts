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
 * One connected client, transport-agnostic. It counts what it wrote and the transport has not yet
 * flushed: that backlog is bounded, and a client that exceeds it is closed with `slow_consumer`
 * instead of buffering without limit or slowing anyone else down.
 */
export abstract class ClientSink {
  abstract readonly transport: Transport;
  /** Frames handed to the transport whose write has not completed. */
  buffered = 0;
  closedWith?: DisconnectReason;
  private drainWaiters: Array<() => void> = [];
  protected readonly onFlushed = () => {
    this.buffered--;
    if (this.drainWaiters.length > 0 && this.buffered <= this.limits.maxEvents / 2) this.wakeDrainWaiters();
  };

  constructor(
    protected readonly limits: SinkLimits,
    protected readonly observer: SinkObserver,
  ) {}

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Writes one entry's frame; false when the client is gone or was just dropped as too slow. */
  send(entry: StreamEntry): boolean {
    if (this.closed) return false;
    if (this.buffered >= this.limits.maxEvents || this.unflushedBytes() >= this.limits.maxBytes) {
      this.close(
        'slow_consumer',
        `more than ${this.limits.maxEvents} events or ${this.limits.maxBytes} bytes behind`,
      );
      return false;
    }
    this.buffered++;
    this.writeEntry(entry);
    this.observer.delivered(this.transport, 1);
    return true;
  }

  /** Resolves once the backlog is at most half the bound (or the client is gone): catch-up reads pace on it. */
  drained(): Promise<void> {
    if (this.closed || this.buffered <= this.limits.maxEvents / 2) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Closes the connection once, telling the client why, and reports the reason. */
  close(reason: DisconnectReason, message?: string): void {
    if (this.closed) return;
    this.closedWith = reason;
    this.wakeDrainWaiters();
    this.observer.closed(this, reason);
    this.end(reason, message);
  }

  private wakeDrainWaiters() {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  protected abstract writeEntry(entry: StreamEntry): void;
  protected abstract unflushedBytes(): number;
  protected abstract end(reason: DisconnectReason, message?: string): void;
}
