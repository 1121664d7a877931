const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: identifiers that are not functions (followed by
 * `(`), keywords, label names (inside `{}`, `by (...)`, `on (...)`...), strings or durations.
 * Grafana's `$__rate_interval`-style variables sit inside `[]` and are dropped with the ranges.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const rest = stripped.slice(match.index + match[0].length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(match[0].toLowerCase())) continue;
    // The `e3` of 1e3 or the `m` of an offset's 5m follow a digit: parts of numbers.
    if (/[0-9.]$/.test(stripped.slice(0, match.index))) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** Metric families a `/metrics` text declares (`# TYPE name type`). */
export function declaredFamilies(exposition: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(match[1]!, match[2]!);
  return families;
}

/**
 * Whether `name` is a series of a declared family: the family itself, or a histogram's
 * `_bucket`/`_sum`/`_count`, or a summary's `_sum`/`_count`.
 */
export function isExported(name: string, families: Map<string, string>): boolean {
  if (families.has(name)) return true;
  const histogram = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!histogram) return false;
  const type = families.get(histogram[1]!);
  return type === 'histogram' || (type === 'summary' && histogram[2] !== 'bucket');
}
