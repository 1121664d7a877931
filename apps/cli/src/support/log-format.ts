const COLORS: Record<string, string> = {
  orchestrator: '\x1b[36m',
  'script-generator': '\x1b[35m',
  executor: '\x1b[33m',
  'cockpit-gateway': '\x1b[32m',
  redis: '\x1b[31m',
};

/** Turns a service's JSON log line into `service │ level message {context}` for people. */
export function formatServiceLine(service: string, line: string, color: boolean): string {
  const prefix = color ? `${COLORS[service] ?? ''}${service.padEnd(16)}\x1b[0m│` : `${service.padEnd(16)}│`;
  try {
    const {
      level,
      msg,
      time: _time,
      service: _service,
      context,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${prefix} ${String(level ?? '').padEnd(5)} ${context ? `[${context}] ` : ''}${msg ?? ''}${extra}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
