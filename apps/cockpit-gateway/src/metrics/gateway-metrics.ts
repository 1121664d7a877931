import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@maker/service-kit';
import { Counter, Gauge, type Registry } from '@maker/telemetry';
import type { ClientSink, DisconnectReason, SinkObserver, Transport } from '../fanout/client-sink.js';

const TRANSPORTS: Transport[] = ['ws', 'sse'];

/**
 * The gateway's metrics (names queried by the Grafana dashboard and alert rules: keep them).
 * Deliveries are counted in plain numbers on the hot path and added to the counter at scrape time.
 */
@Injectable()
export class GatewayMetrics implements SinkObserver {
  private readonly clients = new Set<ClientSink>();
  private readonly deliveredSinceScrape: Record<Transport, number> = { ws: 0, sse: 0 };
  private readonly disconnects: Counter<'reason'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const clients = this.clients;
    const delivered = this.deliveredSinceScrape;
    new Gauge({
      name: 'maker_gateway_connections',
      help: 'Connected Cockpit and other subscriber clients',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        for (const transport of TRANSPORTS)
          this.set(
            { transport },
            countBy(clients, transport, () => 1),
          );
      },
    });
    new Counter({
      name: 'maker_gateway_events_fanned_out_total',
      help: 'Event frames written to clients',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        for (const transport of TRANSPORTS) {
          this.inc({ transport }, delivered[transport]);
          delivered[transport] = 0;
        }
      },
    });
    new Gauge({
      name: 'maker_gateway_client_lag_events',
      help: 'Largest per-client backlog: events written to a client and not yet flushed to its socket',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        for (const transport of TRANSPORTS) {
          let max = 0;
          for (const client of clients)
            if (client.transport === transport) max = Math.max(max, client.buffered);
          this.set({ transport }, max);
        }
      },
    });
    this.disconnects = new Counter({
      name: 'maker_gateway_disconnects_total',
      help: 'Client connections that ended, by reason (slow_consumer, client_closed, unauthorized, ...)',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  connected(sink: ClientSink): void {
    this.clients.add(sink);
  }

  delivered(transport: Transport, frames: number): void {
    this.deliveredSinceScrape[transport] += frames;
  }

  closed(sink: ClientSink, reason: DisconnectReason): void {
    this.clients.delete(sink);
    this.disconnects.inc({ reason });
  }

  /** A connection refused before it became a client (bad token, bad request). */
  refused(reason: DisconnectReason): void {
    this.disconnects.inc({ reason });
  }

  /** Every connected client (shutdown closes them). */
  connectedClients(): ClientSink[] {
    return [...this.clients];
  }
}

function countBy(clients: Set<ClientSink>, transport: Transport, weight: (c: ClientSink) => number): number {
  let total = 0;
  for (const client of clients) if (client.transport === transport) total += weight(client);
  return total;
}
