import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue, RhaiEngine, RhaiError, stringifyEncoded } from './index.js';
import { conformanceFile } from './conformance.spec-support.js';

/**
 * Property: whatever the input, evaluation ends in a value or a RhaiError (never a JavaScript
 * exception, never an internal ErrorSystem), within the limits' time.
 */
const LIMITS = {
  maxOperations: 20_000,
  maxCallLevels: 24,
  maxStringSize: 5_000,
  maxArraySize: 2_000,
  maxMapSize: 500,
  timeoutMs: 2_000,
};
const engine = new RhaiEngine(LIMITS);
const asyncEngine = new RhaiEngine(LIMITS).registerFunction('ask', 1, async ([x]) => x, { async: true });

async function assertRhaiOutcome(e: RhaiEngine, source: string): Promise<void> {
  const started = Date.now();
  try {
    const v = await e.evaluate(source);
    encodeValue(v);
  } catch (err) {
    if (!(err instanceof RhaiError))
      throw new Error(`non-Rhai exception for ${JSON.stringify(source)}: ${err}`);
    if (err.type === 'ErrorSystem')
      throw new Error(`internal error for ${JSON.stringify(source)}: ${err.message}`);
    expect(err.toJSON().type).toBe(err.type);
  }
  expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs + 1_500);
  for (const d of e.check(source)) expect(typeof d.message).toBe('string');
}

const TOKENS = [
  'let',
  'const',
  'x',
  'y',
  'a',
  'f',
  'fn',
  'if',
  'else',
  'while',
  'loop',
  'for',
  'in',
  'do',
  'until',
  'break',
  'continue',
  'return',
  'throw',
  'try',
  'catch',
  'switch',
  '=>',
  '_',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '#{',
  ':',
  ';',
  ',',
  '.',
  '?.',
  '??',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '<<',
  '>>',
  '&',
  '|',
  '^',
  '&&',
  '||',
  '!',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '=',
  '+=',
  '-=',
  '..',
  '..=',
  '0',
  '1',
  '-1',
  '2.5',
  '9223372036854775807',
  '"s"',
  "'c'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Rhai source text
  '`t${x}`',
  'true',
  'false',
  '()',
  'this',
  'Fn("f")',
  '|x|',
  '||',
  'push',
  'len',
  'map',
  'call',
  'x.len()',
  'global::x',
  'ask(1)',
  '\n',
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 40 })
  .map((t) => t.join(' '));

/** A small grammar of well-formed-ish scripts. */
const { script } = fc.letrec<{ expr: string; cond: string; stmt: string; block: string; script: string }>(
  (tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(
        '0',
        '1',
        '-7',
        '3.5',
        '"str"',
        "'c'",
        'true',
        '()',
        'x',
        'y',
        '[1, 2]',
        '#{a: 1}',
        '9223372036854775807',
      ),
      fc
        .tuple(
          tie('expr'),
          fc.constantFrom('+', '-', '*', '/', '%', '==', '<', '??', '..', 'in', '**', '<<'),
          tie('expr'),
        )
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      fc
        .tuple(
          tie('expr'),
          fc.constantFrom('.len()', '.to_string()', '[0]', '.a', '?.a', '.push(1)', '.map(|v| v)', '.abs()'),
        )
        .map(([e, s]) => `${e}${s}`),
      fc.tuple(tie('cond'), tie('block'), tie('block')).map(([c, t, e]) => `if ${c} ${t} else ${e}`),
      fc.tuple(tie('cond'), tie('cond')).map(([a, b]) => `(${a} && ${b} || !${a})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
      tie('expr').map((e) => `\`v=\${${e}}\``),
      tie('expr').map((e) => `(|z| ${e}).call(1)`),
      tie('expr').map((e) => `switch ${e} { 0 => 1, 1..5 => 2, "str" => 3, _ => 4 }`),
      tie('expr').map((e) => `g(${e})`),
    ),
    cond: fc
      .tuple(tie('expr'), fc.constantFrom('==', '!=', '<', '>=', 'in'), tie('expr'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    stmt: fc.oneof(
      { depthSize: 'small' },
      tie('expr').map((e) => `let x = ${e};`),
      tie('expr').map((e) => `y = ${e};`),
      tie('expr').map((e) => `x += ${e};`),
      tie('expr').map((e) => `${e};`),
      fc.tuple(tie('cond'), tie('block')).map(([c, b]) => `while ${c} ${b}`),
      tie('block').map((b) => `for i in 0..3 ${b}`),
      tie('block').map((b) => `loop { ${b.slice(1, -1)} break; }`),
      fc.tuple(tie('block'), tie('block')).map(([t, c]) => `try ${t} catch (e) ${c}`),
      tie('expr').map((e) => `throw ${e};`),
    ),
    block: fc.array(tie('stmt'), { maxLength: 3 }).map((s) => `{ ${s.join(' ')} }`),
    script: fc
      .tuple(fc.array(tie('stmt'), { maxLength: 5 }), tie('expr'))
      .map(
        ([stmts, last]) =>
          `fn g(n) { if n == () { 0 } else { n } }\nlet x = 1; let y = 2;\n${stmts.join('\n')}\n${last}`,
      ),
  }),
);

const here = path.dirname(fileURLToPath(import.meta.url));
function corpus(): string[] {
  const files = [conformanceFile()];
  const own = path.resolve(here, '../test-cases');
  if (existsSync(own))
    for (const f of readdirSync(own)) if (f.endsWith('.json')) files.push(path.join(own, f));
  const scripts: string[] = [];
  for (const f of files) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const c of JSON.parse(text) as { script: string }[]) scripts.push(c.script);
  }
  return scripts;
}

const seeds = corpus();
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.constantFrom(...TOKENS, '"', '`', '$', '{', '\\', '/*')), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([src, edits]) => {
    let s = src;
    for (const [at, len, insert] of edits) {
      const i = s.length ? at % s.length : 0;
      s = s.slice(0, i) + (len % 2 === 0 ? insert : '') + s.slice(i + len);
    }
    return s;
  });

const opts = { numRuns: 2000, interruptAfterTimeLimit: 15_000 };

describe('fuzz: evaluation only ends in a value or a Rhai error', () => {
  it('survives random token soup', async () => {
    await fc.assert(
      fc.asyncProperty(tokenSoup, (s) => assertRhaiOutcome(engine, s)),
      opts,
    );
  }, 60_000);

  it('survives randomly generated scripts', async () => {
    await fc.assert(
      fc.asyncProperty(script, (s) => assertRhaiOutcome(engine, s)),
      opts,
    );
  }, 60_000);

  it('survives mutated conformance scripts', async () => {
    expect(seeds.length).toBeGreaterThan(100);
    await fc.assert(
      fc.asyncProperty(mutated, (s) => assertRhaiOutcome(engine, s)),
      opts,
    );
  }, 60_000);

  it('gives the same outcome whether a helper is a script function or an async host function', async () => {
    // `g` is a script function in one run and a suspending host function in the other, so the second
    // run goes through the async code paths (awaits inside loops, try, switch, closures, chains)
    const hostG = new RhaiEngine(LIMITS).registerFunction(
      'g',
      1,
      async ([n]) => {
        await Promise.resolve();
        return n === undefined ? 0 : n;
      },
      { async: true },
    );
    const outcome = async (e: RhaiEngine, src: string) => {
      try {
        return { ok: stringifyEncoded(encodeValue(await e.evaluate(src))) };
      } catch (err) {
        const r = err as RhaiError;
        return {
          err: r.type === 'ErrorTooManyOperations' || r.type === 'ErrorTerminated' ? 'limit' : r.type,
        };
      }
    };
    await fc.assert(
      fc.asyncProperty(script, async (src) => {
        const asHost = src.replace('fn g(n) { if n == () { 0 } else { n } }', '');
        const a = await outcome(engine, src);
        const b = await outcome(hostG, asHost);
        if ('err' in a && a.err === 'limit') return;
        if ('err' in b && b.err === 'limit') return;
        // a script function wraps errors raised inside it; the host function never raises any
        expect(b).toEqual(a);
      }),
      { ...opts, numRuns: 500 },
    );
  }, 60_000);

  it('survives mutated scripts on an engine with async host functions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, tokenSoup), (s) => assertRhaiOutcome(asyncEngine, s)),
      {
        ...opts,
        numRuns: 150,
      },
    );
  }, 60_000);
});
