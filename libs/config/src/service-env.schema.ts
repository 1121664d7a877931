import { z } from 'zod';

/** Default HTTP port of each service (DESIGN §12). */
export const DEFAULT_PORTS = {
  orchestrator: 8080,
  'cockpit-gateway': 8081,
  'script-generator': 8082,
  executor: 8083,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const redisUrl = z
  .string()
  .default('redis://127.0.0.1:6379')
  .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a redis:// or rediss:// URL' })
  .describe('Redis connection URL');

/**
 * Variables every service reads (DESIGN §12). Each has a description; the README lists them all.
 */
export function serviceEnvShape(service: ServiceName) {
  return {
    REDIS_URL: redisUrl,
    MAKER_PREFIX: z
      .string()
      .default('maker')
      .refine((v) => /^[A-Za-z0-9:_{}.-]{1,64}$/.test(v), {
        message: 'must be 1-64 characters of [A-Za-z0-9:_{}.-]',
      })
      .describe('Prefix of every Redis key and BullMQ queue'),
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(DEFAULT_PORTS[service])
      .describe('HTTP port (health, metrics, API)'),
    HOST: z.string().default('127.0.0.1').describe('Address the HTTP server binds'),
    MAKER_API_TOKENS: commaList.describe('Comma-separated bearer tokens; when set, /v1 routes require one'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .optional()
      .describe('OTLP endpoint; tracing is a no-op without it'),
  };
}

/** The base schema of a service with no variables of its own. */
export function serviceEnvSchema(service: ServiceName) {
  return z.object(serviceEnvShape(service));
}

export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
