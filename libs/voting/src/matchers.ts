import { extractJson, parseFileBlocks } from '@maker/atoms';
import type { AtomType } from '@maker/contracts';

/** Groups samples into candidates: equal keys vote together; undefined means "cannot be compared". */
export interface Matcher {
  readonly name: string;
  key(text: string): string | undefined;
}

export type MatcherName = 'exact' | 'normalized' | 'json' | 'code';
export const MATCHER_NAMES: readonly MatcherName[] = ['exact', 'normalized', 'json', 'code'];

/** Byte-for-byte equality. */
export const exactMatcher: Matcher = { name: 'exact', key: (text) => text };

/** Whitespace-insensitive: runs of whitespace collapse to one space, ends trimmed. */
export const normalizedMatcher: Matcher = {
  name: 'normalized',
  key: (text) => text.replace(/\s+/g, ' ').trim(),
};

/** Parsed JSON (bare or in one ```json fence), compared as canonical JSON with sorted keys. */
export const jsonMatcher: Matcher = {
  name: 'json',
  key: (text) => {
    const value = extractJson(text);
    return value === undefined ? undefined : canonicalJson(value);
  },
};

/** Coder answers: FILE blocks parsed, each file's content normalized, compared per file. */
export const codeMatcher: Matcher = {
  name: 'code',
  key: (text) => {
    const { blocks, problems } = parseFileBlocks(text);
    if (problems.length > 0 || blocks.length === 0) return undefined;
    const files = blocks
      .map((b) => ({ path: b.path, body: b.delete ? null : normalizeFileContent(b.content) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return JSON.stringify(files);
  },
};

const MATCHERS: Record<MatcherName, Matcher> = {
  exact: exactMatcher,
  normalized: normalizedMatcher,
  json: jsonMatcher,
  code: codeMatcher,
};

/** Resolves a matcher by name (the `matcher` option of the script's `vote`). */
export function matcherByName(name: string): Matcher {
  const matcher = MATCHERS[name as MatcherName];
  if (!matcher)
    throw new RangeError(`unknown matcher "${name}" (expected one of ${MATCHER_NAMES.join(', ')})`);
  return matcher;
}

/** The natural matcher of an atom type's output contract: `code` for Coder, `json` for JSON contracts, else `normalized`. */
export function defaultMatcherFor(atomType: AtomType): MatcherName {
  if (atomType === 'Coder') return 'code';
  if (atomType === 'Reviewer' || atomType === 'Validator' || atomType === 'Search') return 'json';
  return 'normalized';
}

/** JSON with object keys sorted recursively. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** LF line endings, no trailing whitespace per line, no trailing blank lines. */
export function normalizeFileContent(content: string): string {
  const lines = content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
