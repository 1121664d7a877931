import { type BeforeApplicationShutdown, Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Request, Response } from 'express';
import type { CockpitGatewayConfig } from '../config/cockpit-gateway.config.js';
import { EventFanout } from '../fanout/event-fanout.service.js';
import type { Subscription } from '../fanout/subscription.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { streamClientAuthorized } from './client-auth.js';
import { SseClientSink } from './sse-client-sink.js';
import { parseSubscribe, type SubscribeRequest } from './subscribe-request.js';

/**
 * `GET /v1/events/stream?plan=ID&after=SEQ` (DESIGN §11): `text/event-stream`, one message per event
 * with `id: <seq>` and `data: <event JSON>`; `Last-Event-ID` overrides `after`, so a browser's
 * EventSource resumes by itself. `plan=*` streams every plan's lifecycle events, ids being
 * lifecycle stream ids.
 */
@Controller('v1/events')
export class SseController implements BeforeApplicationShutdown {
  private readonly sinks = new Set<SseClientSink>();

  constructor(
    private readonly fanout: EventFanout,
    private readonly metrics: GatewayMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: CockpitGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('stream')
  async stream(@Req() request: Request, @Res() response: Response): Promise<void> {
    const url = new URL(request.originalUrl, 'http://gateway');
    if (!streamClientAuthorized(this.config.MAKER_API_TOKENS, request.headers.authorization, url)) {
      this.metrics.refused('unauthorized');
      response.status(401).json({ error: 'unauthorized', message: 'a valid bearer token is required' });
      return;
    }
    const lastEventId = request.headers['last-event-id'];
    const after =
      typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : url.searchParams.get('after');
    const parsed = parseSubscribe(url.searchParams.get('plan') ?? undefined, after ?? undefined);
    if (!parsed.ok) {
      this.metrics.refused('invalid_request');
      response.status(400).json({ error: parsed.reason, message: parsed.message });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 1000\n\n');
    this.follow(response, parsed.value);
  }

  private follow(response: Response, subscribe: SubscribeRequest): void {
    const sink = new SseClientSink(
      response,
      {
        maxEvents: this.config.MAKER_GATEWAY_MAX_BUFFERED_EVENTS,
        maxBytes: this.config.MAKER_GATEWAY_MAX_BUFFERED_BYTES,
      },
      this.metrics,
    );
    this.sinks.add(sink);
    this.metrics.connected(sink);
    let subscription: Subscription | undefined;
    const heartbeat = setInterval(() => sink.heartbeat(), this.config.MAKER_GATEWAY_HEARTBEAT_MS);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      this.sinks.delete(sink);
      sink.close('client_closed');
      if (subscription) this.fanout.unsubscribe(subscription);
    });
    this.fanout
      .subscribe(subscribe.target, sink, subscribe.after, subscribe.label)
      .then((started) => {
        if (sink.closed) this.fanout.unsubscribe(started);
        else subscription = started;
      })
      .catch((error) => {
        this.logger.warn({ err: error, plan_id: subscribe.target.plan }, 'subscription failed');
        sink.close('error', 'the event store did not answer; reconnect to resume');
      });
  }

  beforeApplicationShutdown(): void {
    for (const sink of this.sinks)
      sink.close('shutdown', 'the gateway is shutting down; reconnect to resume');
  }
}
