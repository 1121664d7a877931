import { context, propagation, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

export type { Span } from '@opentelemetry/api';

/** The tracer every service uses; a no-op until an SDK is registered. */
export function tracer() {
  return trace.getTracer('maker');
}

/** Serialises the active trace context into a plain map that travels inside a queue payload. */
export function injectTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Runs `work` in a span that continues the trace found in `carrier` (from a queue payload), and
 * records failures on the span before rethrowing them.
 */
export async function withSpan<T>(
  name: string,
  carrier: Record<string, string> | undefined,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), carrier ?? {});
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
