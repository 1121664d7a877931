import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandUsePaths } from './rust-grammar-rules.js';
import { extractTreeSitterFacts } from './tree-sitter-extractor.js';

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8');

function summary(facts: Awaited<ReturnType<typeof extractTreeSitterFacts>>) {
  return {
    symbols: facts.symbols.map(
      (s) => `${s.kind} ${s.parent ? `${s.parent}.` : ''}${s.name} ${s.startLine}-${s.endLine}`,
    ),
    imports: facts.imports.map(
      (i) => `${i.kind} ${i.specifier} ${i.names.map((n) => `${n.imported}>${n.local}`).join(',')}`,
    ),
  };
}

describe('extractTreeSitterFacts', () => {
  it('finds Python classes, methods, functions, constants and imports', async () => {
    const models = summary(await extractTreeSitterFacts('python', fixture('python-app/app/models.py')));
    expect(models.symbols).toEqual([
      'constant MAX_NAME_LENGTH 3-3',
      'class User 6-11',
      'method User.greet 10-11',
      'function make_user 14-17',
    ]);
    const service = summary(await extractTreeSitterFacts('python', fixture('python-app/app/service.py')));
    expect(service.imports).toEqual(['import os *>os', 'import .models User>User,make_user>make_user']);
  });

  it('finds Go types, functions, methods with receivers, constants and imports', async () => {
    const store = summary(await extractTreeSitterFacts('go', fixture('go-app/store/store.go')));
    expect(store.symbols).toEqual(['struct Store 4-6', 'function NewStore 9-11', 'method Store.Total 14-16']);
    const item = summary(await extractTreeSitterFacts('go', fixture('go-app/store/item.go')));
    expect(item.symbols).toEqual(['struct Item 4-6', 'constant MaxItems 8-8', 'function sum 10-16']);
    const main = summary(await extractTreeSitterFacts('go', fixture('go-app/main.go')));
    expect(main.imports).toEqual(['import fmt *>fmt', 'import example.com/shop/store *>store']);
  });

  it('finds Rust traits, structs, impls with methods, functions, and use/mod imports', async () => {
    const geometry = summary(await extractTreeSitterFacts('rust', fixture('rust-app/src/geometry.rs')));
    expect(geometry.symbols).toEqual([
      'trait Shape 3-5',
      'struct Circle 7-9',
      'impl Shape for Circle 11-15',
      'method Circle.area 12-14',
      'function area 17-19',
    ]);
    const main = summary(await extractTreeSitterFacts('rust', fixture('rust-app/src/main.rs')));
    expect(main.imports).toEqual([
      'mod geometry *>geometry',
      'use crate::geometry area>area',
      'use crate::geometry Circle>Circle',
    ]);
  });

  it.each([
    ['a::b', ['a::b']],
    ['a::{b, c}', ['a::b', 'a::c']],
    [
      'crate::a::{b, c::{d, e as f}, self}',
      ['crate::a::b', 'crate::a::c::d', 'crate::a::c::e as f', 'crate::a::self'],
    ],
  ])('expands the use tree %s', (text, paths) => {
    expect(expandUsePaths(text)).toEqual(paths);
  });

  it.each([
    ['python', 'def f(:\n    return 1\n', { line: 1, column: 7, message: 'missing ")"' }],
    [
      'go',
      'package a\n\nfunc F() int {\n\treturn 1 +\n}\n',
      { line: 4, column: 11, message: 'unexpected "+"' },
    ],
    ['rust', 'fn f() {\n    let x = ;\n}\n', { line: 2, column: 11 }],
  ] as const)('reports %s ERROR and MISSING nodes as syntax errors', async (language, text, first) => {
    const facts = await extractTreeSitterFacts(language, text);
    expect(facts.syntaxErrors[0]).toMatchObject(first);
  });
});
