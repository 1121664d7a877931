import { describe, expect, it } from 'vitest';
import { extractTsFacts } from './ts-symbol-extractor.js';

const SOURCE = `import { a, type B } from './x.js';
import * as ns from '../y';
import type { OnlyType } from './types.js';
export * from './z.js';
export { q as qq } from './q.js';
export function foo(x: number): string { return bar(x) + a; }
export class K extends Base {
  private v = 1;
  m(y: B) { return this.v + helper(y.prop); }
}
export const arrow = (y: string) => y.length;
interface I { z: number }
type T = { k: string };
enum E { A }
namespace N { export const inner = 1; }
let counter = 0;
const r = require('./req');
const lazy = () => import('./dyn.js');
export { counter as count };
`;

describe('extractTsFacts', () => {
  const facts = extractTsFacts('src/f.ts', SOURCE);

  it.each([
    ['foo', 'function', 6, 6, 'export function foo(x: number): string'],
    ['K', 'class', 7, 10, 'export class K extends Base'],
    ['v', 'variable', 8, 8, 'private v = 1;'],
    ['m', 'method', 9, 9, 'm(y: B)'],
    ['arrow', 'function', 11, 11, 'export const arrow = (y: string) =>'],
    ['I', 'interface', 12, 12, 'interface I'],
    ['T', 'type', 13, 13, 'type T = { k: string };'],
    ['E', 'enum', 14, 14, 'enum E'],
    ['N', 'module', 15, 15, 'namespace N'],
    ['counter', 'variable', 16, 16, 'let counter = 0;'],
  ])('finds %s as a %s on lines %i-%i with its signature', (name, kind, startLine, endLine, signature) => {
    expect(facts.symbols.find((symbol) => symbol.name === name)).toMatchObject({
      kind,
      startLine,
      endLine,
      signature,
    });
  });

  it('records members with their class and references by identifier, not by property name', () => {
    expect(facts.symbols.find((s) => s.name === 'm')?.parent).toBe('K');
    expect(facts.symbols.find((s) => s.name === 'foo')?.references).toEqual(['a', 'bar', 'x']);
    expect(facts.symbols.find((s) => s.name === 'm')?.references).not.toContain('prop');
  });

  it('lists static, type-only, namespace, re-export, require and dynamic imports', () => {
    expect(facts.imports.map((i) => [i.specifier, i.kind, i.typeOnly, i.line])).toEqual([
      ['./x.js', 'import', false, 1],
      ['../y', 'import', false, 2],
      ['./types.js', 'import', true, 3],
      ['./z.js', 'reexport-all', false, 4],
      ['./q.js', 'reexport', false, 5],
      ['./dyn.js', 'dynamic', false, 18],
      ['./req', 'require', false, 17],
    ]);
    expect(facts.imports[0]!.names).toEqual([
      { imported: 'a', local: 'a' },
      { imported: 'B', local: 'B' },
    ]);
    expect(facts.imports[1]!.names).toEqual([{ imported: '*', local: 'ns' }]);
    expect(facts.exportAliases).toContainEqual({ imported: 'count', local: 'counter' });
  });

  it('reports the first fatal error with line and column', () => {
    expect(extractTsFacts('a.ts', 'export const ok = 1;\nconst x = ;\n').syntaxErrors).toEqual([
      { line: 2, column: 11, message: 'Unexpected token' },
    ]);
  });

  it.each([
    ['component.tsx', 'export const C = () => <div className="x">{1}</div>;'],
    ['react-component.js', 'export const C = () => <div>{1}</div>;'],
    ['legacy.cjs', "const fs = require('fs');\nmodule.exports = { fs };"],
    ['module.mjs', 'export default function main() {}'],
    ['types.mts', 'export type Id = string & { readonly brand: unique symbol };'],
  ])('parses %s without errors', (path, text) => {
    expect(extractTsFacts(path, text).syntaxErrors).toEqual([]);
  });

  it('counts lines and columns in UTF-16 units around non-ASCII text', () => {
    const unicode = extractTsFacts('u.ts', 'const s = "héllo😀";\nexport function after() {}\n');
    expect(unicode.symbols.find((s) => s.name === 'after')).toMatchObject({
      startLine: 2,
      signature: 'export function after()',
    });
  });
});
