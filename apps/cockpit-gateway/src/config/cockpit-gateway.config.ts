import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

const positiveInt = (fallback: number, max: number, description: string) =>
  z.coerce.number().int().positive().max(max).default(fallback).describe(description);

/** Environment of the cockpit-gateway service (DESIGN §11, §12). The README lists every variable. */
export const cockpitGatewayEnvSchema = z.object({
  ...serviceEnvShape('cockpit-gateway'),
  MAKER_ORCHESTRATOR_URL: z
    .string()
    .default('http://127.0.0.1:8080')
    .refine((v) => /^https?:\/\/[^/]+/.test(v), { message: 'must be an http:// or https:// URL' })
    .transform((v) => v.replace(/\/+$/, ''))
    .describe('Base URL of the orchestrator API that plan reads and person actions are forwarded to'),
  MAKER_GATEWAY_MAX_BUFFERED_EVENTS: positiveInt(
    1_000,
    1_000_000,
    'Per-client bound: events written but not yet flushed to a client; past it the client is disconnected (slow_consumer)',
  ),
  MAKER_GATEWAY_MAX_BUFFERED_BYTES: positiveInt(
    8 * 1024 * 1024,
    1024 * 1024 * 1024,
    'Per-client bound in bytes of unflushed output; past it the client is disconnected (slow_consumer)',
  ),
  MAKER_GATEWAY_CATCHUP_BATCH: positiveInt(
    500,
    10_000,
    'Events read per XRANGE while a resuming client catches up with history',
  ),
  MAKER_GATEWAY_READ_COUNT: positiveInt(1_000, 100_000, 'Largest number of entries per stream per XREAD'),
  MAKER_GATEWAY_READ_BLOCK_MS: positiveInt(
    5_000,
    60_000,
    'XREAD BLOCK timeout of the shared reader (a new stream interrupts it at once)',
  ),
  MAKER_GATEWAY_HEARTBEAT_MS: positiveInt(
    15_000,
    600_000,
    'Interval of SSE comment heartbeats and WebSocket pings; a WebSocket that does not answer a ping within it is dropped',
  ),
  MAKER_GATEWAY_MAX_SUBSCRIPTIONS: positiveInt(
    64,
    10_000,
    'Subscriptions one WebSocket connection may hold at once',
  ),
  MAKER_GATEWAY_PROXY_TIMEOUT_MS: positiveInt(
    10_000,
    600_000,
    'Timeout of a forwarded call to the orchestrator API',
  ),
});

export type CockpitGatewayConfig = z.infer<typeof cockpitGatewayEnvSchema>;
