import type { MakerEvent } from '@maker/contracts';

/** Renders rows as left-aligned columns; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** Cuts text to `max` characters on one line. */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `seq time event task message`, the human form of one event. */
export function eventLine(event: MakerEvent): string {
  const time = event.timestamp.length >= 23 ? event.timestamp.slice(11, 23) : event.timestamp;
  return [
    String(event.seq).padStart(6),
    time.padEnd(12),
    event.event.padEnd(16),
    (event.task_id ?? '-').padEnd(12),
    clip(event.details.message, 200),
  ].join(' ');
}

/** `3 completed, 1 failed` from a state → count map, in a stable order. */
export function countsLine(counts: Record<string, number | undefined>): string {
  const order = [
    'completed',
    'failed',
    'skipped',
    'cancelled',
    'escalated',
    'verifying',
    'executing',
    'generating',
    'ready',
    'pending',
  ];
  const keys = [...order.filter((k) => counts[k]), ...Object.keys(counts).filter((k) => !order.includes(k))];
  const parts = keys.filter((k) => (counts[k] ?? 0) > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'no tasks';
}

/** `1.2s`, `3m 04s`, `1h 02m`. */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
