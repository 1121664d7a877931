import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerScriptCommands } from './script.command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'maker-script-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scriptFile(name: string, source: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** Runs `maker script ...` through a commander program; returns stdout lines and the exit code. */
async function run(...args: string[]): Promise<{ lines: string[]; code: number }> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    const program = new Command('maker').exitOverride();
    registerScriptCommands(program);
    await program.parseAsync(['node', 'maker', 'script', ...args]);
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { lines: out.join('').split('\n').filter(Boolean), code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('maker script eval', () => {
  it('prints one JSON line per file with the DESIGN §7 value encoding and exits 0', async () => {
    const a = scriptFile('a.rhai', '[1, 2.5, \'c\', (), "s", #{b: 1, a: 9223372036854775807}]');
    const b = scriptFile('b.rhai', 'let x = 40; x + 2');
    const { lines, code } = await run('eval', '--json', a, b);
    expect(code).toBe(0);
    expect(lines).toEqual([
      '{"ok":true,"value":[1,{"f64":2.5},{"char":"c"},null,"s",{"a":9223372036854775807,"b":1}]}',
      '{"ok":true,"value":42}',
    ]);
  });

  it('reports the innermost error with its position and wrapper, and exits 1', async () => {
    const good = scriptFile('good.rhai', '1');
    const bad = scriptFile('bad.rhai', 'fn f() {\n  let z = 0;\n  10 / z\n}\nf()');
    const { lines, code } = await run('eval', '--json', good, bad);
    expect(code).toBe(1);
    expect(JSON.parse(lines[1])).toEqual({
      ok: false,
      error: {
        type: 'ErrorArithmetic',
        message: 'Division by zero: 10 / 0 (line 3, position 6)',
        line: 3,
        column: 6,
        wrapped_in: 'ErrorInFunctionCall',
      },
    });
  });

  it('applies the limit options', async () => {
    const loop = scriptFile('loop.rhai', 'let i = 0;\nloop { i += 1; }');
    const grow = scriptFile('grow.rhai', 'let s = "ab";\nloop { s += s; }');
    const deep = scriptFile('deep.rhai', 'fn d(n) { if n == 0 { 0 } else { d(n - 1) } }\nd(20)');
    const arr = scriptFile('arr.rhai', 'let a = []; loop { a.push(1); }');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Rhai source text
    const map = scriptFile('map.rhai', 'let m = #{}; let i = 0; loop { m[`${i}`] = i; i += 1; }');
    const types = async (...args: string[]) =>
      (await run('eval', '--json', ...args)).lines.map((l) => JSON.parse(l).error?.type);
    expect(await types('--max-operations', '1000', loop)).toEqual(['ErrorTooManyOperations']);
    expect(await types('--max-string-size', '1000', grow)).toEqual(['ErrorDataTooLarge']);
    expect(await types('--max-call-levels', '10', deep)).toEqual(['ErrorStackOverflow']);
    expect(await types('--max-array-size', '100', arr)).toEqual(['ErrorDataTooLarge']);
    expect(await types('--max-map-size', '100', map)).toEqual(['ErrorDataTooLarge']);
  });

  it('prints Rhai debug text without --json', async () => {
    const f = scriptFile('plain.rhai', '#{a: [1, "x"]}');
    expect((await run('eval', f)).lines).toEqual(['#{"a": [1, "x"]}']);
  });
});

describe('maker script check', () => {
  it('accepts a task script that uses the host API, and exits 0', async () => {
    const f = scriptFile(
      'task.rhai',
      'let r = vote(AtomType::Coder, task.description, 3);\nif r.is_err { escalate(r.error); }\napply(r.value)',
    );
    const { lines, code } = await run('check', f);
    expect(code).toBe(0);
    expect(lines).toEqual([`${f}: ok`]);
  });

  it('prints syntax errors and unknown calls with positions, and exits 1', async () => {
    const syntax = scriptFile('syntax.rhai', 'let x = ;');
    const unknown = scriptFile('unknown.rhai', 'let r = spawn_atom(AtomType::Coder);\nfrobnicate(r)');
    const s = await run('check', '--json', syntax);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.lines[0]).errors[0]).toMatchObject({ type: 'ErrorParsing', line: 1, column: 9 });
    const u = await run('check', unknown);
    expect(u.code).toBe(1);
    expect(u.lines).toEqual([
      `${unknown}:1:9: ErrorFunctionNotFound: Function not found: spawn_atom with 1 argument(s) (line 1, position 9)`,
      `${unknown}:2:1: ErrorFunctionNotFound: Function not found: frobnicate (line 2, position 1)`,
    ]);
  });
});
