import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line. */
const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'MAKER_LLM_API_KEY',
  'CEREBRAS_API_KEY',
  'OPENAI_API_KEY',
];

/**
 * Structured JSON logger for a service. Every line carries `service`; callers add `plan_id` and
 * `task_id` with `logger.child({ plan_id, task_id })`.
 * @param options.level pino level. @defaultValue 'info'
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
}
