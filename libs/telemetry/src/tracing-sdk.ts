import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

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

/**
 * Starts OpenTelemetry tracing for a service: a tracer provider with a batching OTLP/HTTP exporter,
 * the W3C trace-context propagator (so `injectTraceCarrier` and `withSpan` carry traces through
 * queue payloads) and an AsyncLocalStorage context manager (so spans nest across `await`).
 * Without an endpoint it registers nothing and `tracer()` stays the API's no-op.
 * Call the returned function on shutdown, after the app has closed, so the last spans are sent.
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

  let stopped: Promise<void> | undefined;
  return () => {
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
