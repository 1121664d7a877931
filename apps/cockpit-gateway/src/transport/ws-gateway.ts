import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { CockpitGatewayConfig } from '../config/cockpit-gateway.config.js';
import { EventFanout } from '../fanout/event-fanout.service.js';
import type { Subscription } from '../fanout/subscription.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { streamClientAuthorized } from './client-auth.js';
import { parseSubscribe } from './subscribe-request.js';
import { WsClientSink } from './ws-client-sink.js';

export const WS_PATH = '/v1/ws';

/** One WebSocket connection and its subscriptions, keyed by plan id (or `*`). */
class WsConnection {
  readonly subscriptions = new Map<string, Subscription | 'starting'>();
  alive = true;
  constructor(readonly sink: WsClientSink) {}
}

/**
 * The WebSocket endpoint of DESIGN §11 on the service's own HTTP server (`ws`, no Nest adapter).
 * Client → server: `{"type":"subscribe","plan_id":ID|"*","after":SEQ|STREAM_ID}` and
 * `{"type":"unsubscribe","plan_id":ID}`. Server → client: `{"type":"subscribed"}`, then
 * `{"type":"event","event":{...}}` (history first), `{"type":"live"}` once caught up, and
 * `{"type":"error","reason":...}` for a bad message (the connection stays) or before closing.
 */
@Injectable()
export class WsGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    perMessageDeflate: false,
  });
  private readonly connections = new Set<WsConnection>();
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly fanout: EventFanout,
    private readonly metrics: GatewayMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: CockpitGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as import('node:http').Server;
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.config.MAKER_GATEWAY_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      if (!streamClientAuthorized(this.config.MAKER_API_TOKENS, request.headers.authorization, url)) {
        this.metrics.refused('unauthorized');
        ws.send(
          JSON.stringify({
            type: 'error',
            reason: 'unauthorized',
            message: 'a valid bearer token is required',
          }),
        );
        ws.close(4401, 'unauthorized');
        return;
      }
      this.accept(ws);
    });
  }

  private accept(ws: WebSocket): void {
    const sink = new WsClientSink(
      ws,
      {
        maxEvents: this.config.MAKER_GATEWAY_MAX_BUFFERED_EVENTS,
        maxBytes: this.config.MAKER_GATEWAY_MAX_BUFFERED_BYTES,
      },
      this.metrics,
    );
    const connection = new WsConnection(sink);
    this.connections.add(connection);
    this.metrics.connected(sink);
    ws.on('pong', () => (connection.alive = true));
    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    ws.on('error', (error) => this.logger.debug({ err: error }, 'websocket error'));
    ws.on('close', () => {
      this.connections.delete(connection);
      sink.close('client_closed');
      for (const subscription of connection.subscriptions.values()) {
        if (subscription !== 'starting') this.fanout.unsubscribe(subscription);
      }
      connection.subscriptions.clear();
    });
  }

  private onMessage(connection: WsConnection, data: RawData, isBinary: boolean): void {
    const problem = isBinary ? 'messages must be JSON text frames' : undefined;
    const message = problem ? undefined : parseJsonObject(String(data));
    if (typeof message === 'string' || problem) {
      connection.sink.control({ type: 'error', reason: 'invalid_message', message: problem ?? message });
      return;
    }
    const { type, plan_id: planId, after } = message as Record<string, unknown>;
    if (type === 'subscribe') void this.subscribe(connection, planId, after);
    else if (type === 'unsubscribe') this.unsubscribe(connection, planId);
    else {
      connection.sink.control({
        type: 'error',
        reason: 'invalid_message',
        message: `unknown message type ${JSON.stringify(type)}; expected "subscribe" or "unsubscribe"`,
      });
    }
  }

  private async subscribe(connection: WsConnection, planId: unknown, after: unknown): Promise<void> {
    const { sink } = connection;
    const parsed = parseSubscribe(planId, after);
    if (!parsed.ok)
      return sink.control({ type: 'error', reason: 'invalid_message', message: parsed.message });
    const { target, label } = parsed.value;
    if (connection.subscriptions.has(target.plan)) {
      return sink.control({
        type: 'error',
        reason: 'already_subscribed',
        message: `already subscribed to ${target.plan}; unsubscribe first to resume from another position`,
        plan_id: target.plan,
      });
    }
    if (connection.subscriptions.size >= this.config.MAKER_GATEWAY_MAX_SUBSCRIPTIONS) {
      return sink.control({
        type: 'error',
        reason: 'too_many_subscriptions',
        message: `at most ${this.config.MAKER_GATEWAY_MAX_SUBSCRIPTIONS} subscriptions per connection`,
      });
    }
    connection.subscriptions.set(target.plan, 'starting');
    sink.control({ type: 'subscribed', plan_id: target.plan, after: label });
    try {
      const subscription = await this.fanout.subscribe(target, sink, parsed.value.after, label);
      if (connection.subscriptions.get(target.plan) !== 'starting' || sink.closed) {
        this.fanout.unsubscribe(subscription);
        return;
      }
      connection.subscriptions.set(target.plan, subscription);
      sink.control({ type: 'live', plan_id: target.plan });
    } catch (error) {
      connection.subscriptions.delete(target.plan);
      this.logger.warn({ err: error, plan_id: target.plan }, 'subscription failed');
      sink.control({
        type: 'error',
        reason: 'unavailable',
        message: 'the event store did not answer; retry',
      });
    }
  }

  private unsubscribe(connection: WsConnection, planId: unknown): void {
    const key = typeof planId === 'string' ? planId : '';
    const subscription = connection.subscriptions.get(key);
    if (!subscription) {
      connection.sink.control({
        type: 'error',
        reason: 'not_subscribed',
        message: `not subscribed to ${JSON.stringify(planId)}`,
      });
      return;
    }
    connection.subscriptions.delete(key);
    if (subscription !== 'starting') this.fanout.unsubscribe(subscription);
    connection.sink.control({ type: 'unsubscribed', plan_id: key });
  }

  /** Pings every client; one that did not answer the previous ping is dropped. */
  private checkHeartbeats(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.sink.close('heartbeat_timeout');
        continue;
      }
      connection.alive = false;
      connection.sink.ping();
    }
  }

  /** Before the HTTP server closes: every client is told to resume elsewhere or later. */
  beforeApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) {
      connection.sink.close(
        'shutdown',
        'the gateway is shutting down; reconnect and resume from your last seq',
      );
    }
    this.server.close();
  }
}

/** The message as an object, or a sentence saying why it is not one. */
function parseJsonObject(text: string): Record<string, unknown> | string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return 'message is not valid JSON';
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return 'message must be a JSON object with a "type"';
  }
  return message as Record<string, unknown>;
}
