import { createHash } from 'node:crypto';
import { context, propagation, type SpanContext, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { tracer } from './tracing.js';

export interface TracingOptions {
  /** `service.name` of every span this process exports. */
  service: string;
  /**
   * OTLP/HTTP base endpoint (the value of `OTEL_EXPORTER_OTLP_ENDPOINT`, e.g.
   * `http://otel-collector:4318`); spans go to `<endpoint>/v1/traces` as OTLP JSON. Without it
   * tracing stays a no-op. @defaultValue undefined
   */
  endpoint?: string;
  /** Longest a finished span waits in the batch before export. @defaultValue 1000 */
  scheduledDelayMillis?: number;
}

/** Flushes pending spans and unregisters the tracer provider. */
export type StopTracing = () => Promise<void>;

/** True between startTracing (with an endpoint) and its stop: producers skip span work otherwise. */
let tracing = false;

/**
 * Starts OpenTelemetry tracing for a service: a tracer provider with a batching OTLP/HTTP exporter,
 * the W3C trace-context propagator (so `injectTraceCarrier` and `withSpan` carry traces through
 * queue payloads) and an AsyncLocalStorage context manager (so spans nest across `await`).
 * Without an endpoint it registers nothing and `tracer()` stays the API's no-op.
 * Call it once per process, before the app is created; call the returned function on shutdown,
 * after the app has closed, so the last spans are sent.
 */
export function startTracing(options: TracingOptions): StopTracing {
  const endpoint = options.endpoint?.trim();
  if (!endpoint) return async () => {};

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  const exporter = new OTLPTraceExporter({ url: tracesUrl(endpoint) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'maker' }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.scheduledDelayMillis ?? 1000 }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  tracing = true;

  let stopped: Promise<void> | undefined;
  return () => {
    tracing = false;
    stopped ??= provider.shutdown().finally(() => {
      trace.disable();
      propagation.disable();
      context.disable();
    });
    return stopped;
  };
}

/** The OTLP spec's rule for the generic endpoint variable: append the signal's path. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * The trace a plan's spans belong to. Its ids are derived from the plan id, so every service,
 * replica and restart continues the same trace without storing a root span anywhere: one plan is
 * one trace. The parent it names is never exported itself (trace views show a missing root).
 */
export function planSpanContext(planId: string): SpanContext {
  const hash = createHash('sha256').update(`maker-plan:${planId}`).digest('hex');
  return {
    traceId: hash.slice(0, 32),
    spanId: hash.slice(32, 48),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
}

/**
 * Records the enqueueing of one stage job as a producer span (`<stage> enqueue`) in the plan's
 * trace and returns the W3C carrier to put in the job payload's `trace`, which the consuming
 * service hands to `withSpan`. Returns `{}` while tracing is off.
 */
export function stageTraceCarrier(
  planId: string,
  stage: string,
  attributes: Record<string, string | number | boolean> = {},
): Record<string, string> {
  if (!tracing) return {};
  const planContext = trace.setSpanContext(context.active(), planSpanContext(planId));
  const span = tracer().startSpan(
    `${stage} enqueue`,
    { kind: SpanKind.PRODUCER, attributes: { plan_id: planId, stage, ...attributes } },
    planContext,
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  span.end();
  return carrier;
}
