import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectTraceCarrier, tracer, withSpan } from './tracing.js';
import { planSpanContext, stageTraceCarrier, startTracing, tracesUrl } from './tracing-sdk.js';

interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  parentSpanId?: string;
  spanId: string;
}

/** A loopback OTLP/HTTP receiver that decodes the JSON the exporter sends. */
function otlpReceiver() {
  const spans: ExportedSpan[] = [];
  const paths: string[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      for (const rs of JSON.parse(body).resourceSpans ?? []) {
        const service = rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue;
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ service, ...s });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  return {
    spans,
    paths,
    server,
    async listen() {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async waitFor(count: number) {
      while (spans.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

describe('startTracing', () => {
  const receiver = otlpReceiver();
  let endpoint = '';

  beforeAll(async () => {
    endpoint = await receiver.listen();
  });
  afterAll(() => {
    receiver.server.close();
  });

  it('appends the traces path to the OTLP base endpoint', () => {
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });

  it('registers nothing without an endpoint, so spans stay no-ops and carriers empty', async () => {
    const stop = startTracing({ service: 'executor' });
    await withSpan('execute', undefined, {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(injectTraceCarrier()).toEqual({});
    });
    expect(stageTraceCarrier('p1', 'generate')).toEqual({});
    await stop();
  });

  it('derives one stable, valid trace per plan id', () => {
    const a = planSpanContext('plan-a');
    expect(a).toEqual(planSpanContext('plan-a'));
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(planSpanContext('plan-b').traceId).not.toBe(a.traceId);
  });

  it('exports spans as OTLP JSON and continues a trace from a payload carrier', async () => {
    const stop = startTracing({ service: 'orchestrator', endpoint, scheduledDelayMillis: 50 });
    let carrier: Record<string, string> = {};
    await withSpan('dispatch', undefined, { plan_id: 'p1' }, async () => {
      carrier = injectTraceCarrier();
    });
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withSpan('generate', carrier, { plan_id: 'p1', task_id: 't1' }, async () => {
      tracer().startSpan('atom').end();
    });
    await stop();
    await receiver.waitFor(3);

    expect(receiver.paths[0]).toBe('POST /v1/traces application/json');
    const byName = Object.fromEntries(receiver.spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['atom', 'dispatch', 'generate']);
    expect(new Set(receiver.spans.map((s) => s.traceId)).size).toBe(1);
    expect(byName.generate!.parentSpanId).toBe(byName.dispatch!.spanId);
    expect(byName.atom!.parentSpanId).toBe(byName.generate!.spanId);
    expect(receiver.spans.every((s) => s.service === 'orchestrator')).toBe(true);
  });

  it('puts every stage job of a plan in the plan’s trace, as the parent of the consumer’s span', async () => {
    receiver.spans.length = 0;
    const stop = startTracing({ service: 'orchestrator', endpoint, scheduledDelayMillis: 50 });
    const generate = stageTraceCarrier('plan-7', 'generate', { task_id: 'a' });
    const execute = stageTraceCarrier('plan-7', 'execute', { task_id: 'a' });
    await withSpan('script-generator.generate', generate, {}, async () => {});
    await stop();
    await receiver.waitFor(3);

    const traceId = planSpanContext('plan-7').traceId;
    expect(receiver.spans.map((s) => s.traceId)).toEqual([traceId, traceId, traceId]);
    const enqueue = receiver.spans.find((s) => s.name === 'generate enqueue')!;
    expect(enqueue.parentSpanId).toBe(planSpanContext('plan-7').spanId);
    expect(receiver.spans.find((s) => s.name === 'script-generator.generate')!.parentSpanId).toBe(
      enqueue.spanId,
    );
    expect(execute.traceparent).toContain(traceId);
  });
});
