import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string | number | boolean>;
}

/**
 * A loopback OTLP/HTTP trace receiver. @opentelemetry/exporter-trace-otlp-http sends JSON
 * (`content-type: application/json`, ids as hex strings) to `<endpoint>/v1/traces`.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly requests: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      this.requests.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      this.record(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const wake of this.waiters) wake();
    });
  });

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once the spans received satisfy `done`; rejects after `timeoutMs`. */
  waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 20_000): Promise<void> {
    if (done(this.spans)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.spans)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `spans received: ${JSON.stringify(this.spans.map((s) => [s.service, s.name, s.traceId]))}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(request: any): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = attributeValue(resourceSpans.resource.attributes, 'service.name');
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          const attributes = Object.fromEntries(
            (span.attributes ?? []).map((a: any) => [a.key, attributeValue(span.attributes, a.key)]),
          );
          this.spans.push({
            service: String(service),
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            attributes,
          });
        }
      }
    }
  }
}

function attributeValue(attributes: any[], key: string): string | number | boolean {
  const value = attributes.find((a) => a.key === key)?.value ?? {};
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return Number(value.intValue ?? value.doubleValue);
}
