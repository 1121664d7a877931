import type { CockpitEvent } from './derive.js';

/** Errors the gateway sends right before it closes the connection. */
const CLOSING_REASONS = new Set(['slow_consumer', 'unauthorized', 'shutdown', 'heartbeat_timeout', 'error']);

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface GatewayHandlers {
  /** Events of one subscription (a plan id, or `*`), in order; `streamId` is set for `*`. */
  onEvent(subscription: string, event: CockpitEvent, streamId?: string): void;
  /** Where each subscription should resume after a reconnect (a seq, or a lifecycle stream id). */
  resumeFrom(subscription: string): number | string | undefined;
  onState(state: ConnectionState, detail?: string): void;
  onLive?(subscription: string): void;
}

/**
 * The page's one WebSocket to the gateway. It subscribes to plans (and to `*`) and, whenever the
 * connection drops (a gateway restart, a slow-consumer disconnect), reconnects with backoff and
 * resubscribes from the last position it holds, so the page neither misses nor repeats an event.
 */
export class GatewayClient {
  private socket?: WebSocket;
  private readonly subscriptions = new Set<string>();
  private retryMs = 250;
  private closed = false;
  reconnects = 0;

  constructor(
    private readonly url: string,
    private readonly handlers: GatewayHandlers,
  ) {}

  start(): void {
    this.open();
  }

  subscribe(subscription: string): void {
    this.subscriptions.add(subscription);
    this.send({ type: 'subscribe', plan_id: subscription, after: this.handlers.resumeFrom(subscription) });
  }

  unsubscribe(subscription: string): void {
    if (!this.subscriptions.delete(subscription)) return;
    this.send({ type: 'unsubscribe', plan_id: subscription });
  }

  stop(): void {
    this.closed = true;
    this.socket?.close();
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private open(): void {
    this.handlers.onState(this.reconnects === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
      this.handlers.onState('live');
      for (const subscription of this.subscriptions) {
        this.send({
          type: 'subscribe',
          plan_id: subscription,
          after: this.handlers.resumeFrom(subscription),
        });
      }
    };
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = (close) => {
      if (this.socket !== socket || this.closed) return;
      this.reconnects++;
      this.handlers.onState('reconnecting', close.reason || `closed (${close.code})`);
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 2_000);
    };
  }

  private receive(text: string): void {
    let message: {
      type?: string;
      event?: CockpitEvent;
      stream_id?: string;
      plan_id?: string;
      reason?: string;
      message?: string;
    };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'event' && message.event) {
      const subscription = message.stream_id ? '*' : message.event.plan_id;
      this.handlers.onEvent(subscription, message.event, message.stream_id);
    } else if (message.type === 'live' && message.plan_id) {
      this.handlers.onLive?.(message.plan_id);
    } else if (message.type === 'error' && CLOSING_REASONS.has(message.reason ?? '')) {
      this.handlers.onState('reconnecting', `${message.reason}: ${message.message ?? ''}`);
    }
  }
}
