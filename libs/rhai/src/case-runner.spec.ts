import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeValue, RhaiEngine, RhaiError, type RhaiLimits } from './index.js';
import { conformanceFile, UPSTREAM_CONFORMANCE, VENDORED_CONFORMANCE } from './conformance.spec-support.js';

/** A conformance case: `{name, script, expect}` or `{name, script, expectError, at, message, wrappedIn?, engine?}`. */
export interface RhaiCase {
  name: string;
  script: string;
  expect?: unknown;
  expectError?: string;
  at?: string | null;
  message?: string;
  wrappedIn?: string;
  engine?: Partial<RhaiLimits>;
  checks?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ownDir = path.resolve(here, '../test-cases');

/** Normalises encoded values so that integers compare exactly whether number or bigint. */
function normalise(x: unknown): unknown {
  if (typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x))) return { int: String(x) };
  if (Array.isArray(x)) return x.map(normalise);
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalise(v)]));
  return x;
}

function parseJsonWithBigInts(text: string): unknown {
  // keep 64-bit integers exact: quote integers longer than 15 digits (outside strings) before parsing
  let quoted = '';
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inStr) {
      quoted += ch;
      if (ch === '\\') quoted += text[++i];
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    const m = /^-?\d{16,}(?![.eE\d])/.exec(text.slice(i, i + 30));
    if (!inStr && m && !/[\d.]/.test(text[i - 1] ?? '')) {
      quoted += `"__big__${m[0]}"`;
      i += m[0].length - 1;
      continue;
    }
    quoted += ch;
  }
  return JSON.parse(quoted, (_k, v) =>
    typeof v === 'string' && v.startsWith('__big__') ? BigInt(v.slice(7)) : v,
  );
}

const LIMIT_ERRORS = new Set(['ErrorTooManyOperations', 'ErrorDataTooLarge', 'ErrorTerminated']);

export async function runCase(c: RhaiCase): Promise<void> {
  const engine = new RhaiEngine(c.engine ?? {});
  if (c.expectError === undefined) {
    let v: unknown;
    try {
      v = await engine.evaluate(c.script);
    } catch (e) {
      throw new Error(`unexpected error: ${(e as Error).message}`);
    }
    expect(normalise(encodeValue(v))).toEqual(normalise(c.expect));
    return;
  }
  let caught: unknown;
  try {
    const v = await engine.evaluate(c.script);
    caught = new Error(`expected ${c.expectError}, got value ${JSON.stringify(normalise(encodeValue(v)))}`);
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof RhaiError)) throw caught;
  expect(caught.type).toBe(c.expectError);
  // positions of limit errors depend on engine internals (conformance README)
  if (c.at && !LIMIT_ERRORS.has(c.expectError)) expect(`${caught.line}:${caught.column}`).toBe(c.at);
  if (c.wrappedIn) expect(caught.wrappedIn).toBe(c.wrappedIn);
}

export function loadCases(file: string): RhaiCase[] {
  return parseJsonWithBigInts(readFileSync(file, 'utf8')) as RhaiCase[];
}

describe('shared Rhai conformance cases (real engine output)', () => {
  const cases = loadCases(conformanceFile());
  it('has the 53 published cases', () => expect(cases.length).toBe(53));
  it.runIf(existsSync(UPSTREAM_CONFORMANCE))('keeps its vendored copy identical to ../shared', () =>
    expect(readFileSync(VENDORED_CONFORMANCE, 'utf8')).toBe(readFileSync(UPSTREAM_CONFORMANCE, 'utf8')),
  );
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => runCase(c));
});

const ownFiles = existsSync(ownDir)
  ? readdirSync(ownDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
for (const file of ownFiles) {
  describe(`own cases: ${file}`, () => {
    const cases = loadCases(path.join(ownDir, file));
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => runCase(c));
  });
}
