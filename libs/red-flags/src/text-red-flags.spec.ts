import { describe, expect, it } from 'vitest';
import { checkFileContentsRedFlags, checkTextRedFlags } from './text-red-flags.js';

describe('checkTextRedFlags', () => {
  it.each([
    ['snippet.ts', 'const x = ;', { line: 1, column: 11 }],
    ['view.tsx', 'export const V = () => <div>;', { line: 1, column: 29 }],
    ['lib.js', 'let y: number = 1;', { line: 1, column: 6 }],
    ['tool.py', 'def ok():\n    return 1\n\ndef f(:\n    return 2\n', { line: 4, column: 7 }],
    ['main.go', 'package a\nfunc f( {\n}\n', { line: 2, column: 8 }],
    ['lib.rs', 'pub fn f() -> i32 {\n    let x = ;\n    x\n}\n', { line: 2, column: 11 }],
  ])('flags a syntax error in %s with its line and column', async (path, code, position) => {
    const report = await checkTextRedFlags(code, path);
    expect(report.flagged).toBe(true);
    expect(report.syntax_errors[0]).toMatchObject({ file: path, ...position });
    expect(report.reasons[0]).toBe(
      `syntax error: ${path}:${position.line}:${position.column}: ${report.syntax_errors[0]!.message}`,
    );
  });

  it.each([
    ['snippet.ts', 'export const ok: number = 1;'],
    ['tool.py', 'def ok():\n    return 1\n'],
    ['main.go', 'package a\n\nfunc F() int { return 1 }\n'],
    ['lib.rs', 'pub fn f() -> i32 { 1 }\n'],
    ['notes.md', '# not code ( {'],
  ])('reports nothing for valid %s', async (path, code) => {
    const report = await checkTextRedFlags(code, path);
    expect(report).toEqual({
      flagged: false,
      introduced_cycle: false,
      cycles: [],
      betti_1: 0,
      layer_violations: [],
      syntax_errors: [],
      reasons: [],
    });
  });

  it('treats text without a path as TypeScript', async () => {
    expect((await checkTextRedFlags('const a: = 1')).syntax_errors[0]).toMatchObject({
      file: 'snippet.ts',
      line: 1,
    });
  });

  it('checks several proposed files at once, naming each broken one', async () => {
    const report = await checkFileContentsRedFlags([
      { path: 'src/ok.ts', content: 'export const ok = 1;\n' },
      { path: 'src/bad.ts', content: 'export const = 1;\n' },
      { path: 'tool.py', content: 'def f(:\n    pass\n' },
      { path: 'README.md', content: '# ( {' },
    ]);
    expect(report.flagged).toBe(true);
    expect(report.syntax_errors.map((error) => error.file)).toEqual(['src/bad.ts', 'tool.py']);
    expect(report.reasons).toHaveLength(2);
  });
});
