import { describe, expect, it } from 'vitest';
import { resolveImport, resolveTsSpecifier } from './import-resolver.js';

const TS_FILES = new Set([
  'src/a.ts',
  'src/b.ts',
  'src/view.tsx',
  'src/esm.mts',
  'src/legacy.js',
  'src/dir/index.ts',
  'src/types.d.ts',
  'lib/util.js',
]);

describe('resolveTsSpecifier', () => {
  it.each([
    ['./b.js', 'src/b.ts'],
    ['./b', 'src/b.ts'],
    ['./b.ts', 'src/b.ts'],
    ['./view.js', 'src/view.tsx'],
    ['./view.jsx', 'src/view.tsx'],
    ['./esm.mjs', 'src/esm.mts'],
    ['./legacy.js', 'src/legacy.js'],
    ['./dir', 'src/dir/index.ts'],
    ['./dir/index.js', 'src/dir/index.ts'],
    ['./dir/', 'src/dir/index.ts'],
    ['./types', 'src/types.d.ts'],
    ['../lib/util', 'lib/util.js'],
    ['./missing.js', undefined],
    ['react', undefined],
    ['node:fs', undefined],
  ])('resolves %s from src/a.ts to %s', (specifier, expected) => {
    expect(resolveTsSpecifier('src/a.ts', specifier, TS_FILES)).toBe(expected);
  });
});

describe('resolveImport for other languages', () => {
  const reference = (specifier: string, names: string[] = [], kind: 'import' | 'use' | 'mod' = 'import') => ({
    specifier,
    line: 1,
    kind,
    typeOnly: false,
    names: names.map((name) => ({ imported: name, local: name })),
  });

  it.each([
    ['app/service.py', '.models', [], ['app/models.py']],
    ['app/sub/deep.py', '..models', [], ['app/models.py']],
    ['app/cli.py', 'app.service', [], ['app/service.py']],
    ['app/cli.py', '.', ['models'], ['app/__init__.py', 'app/models.py']],
    ['app/cli.py', 'os', [], []],
  ])('Python: %s importing %s %j', (from, specifier, names, expected) => {
    const files = new Set([
      'app/__init__.py',
      'app/models.py',
      'app/service.py',
      'app/cli.py',
      'app/sub/deep.py',
    ]);
    expect(resolveImport(from, 'python', reference(specifier, names), { files }).sort()).toEqual(expected);
  });

  it('Go: maps module-local import paths to the package directory, ignoring tests', () => {
    const files = new Set(['main.go', 'store/a.go', 'store/b.go', 'store/a_test.go', 'other/c.go']);
    const context = { files, goModulePath: 'example.com/shop' };
    expect(resolveImport('main.go', 'go', reference('example.com/shop/store'), context)).toEqual([
      'store/a.go',
      'store/b.go',
    ]);
    expect(resolveImport('main.go', 'go', reference('fmt'), context)).toEqual([]);
  });

  it.each([
    ['src/main.rs', 'geometry', 'mod', 'src/geometry.rs'],
    ['src/geometry.rs', 'shapes', 'mod', 'src/geometry/shapes.rs'],
    ['src/main.rs', 'crate::geometry', 'use', 'src/geometry.rs'],
    ['src/geometry/shapes.rs', 'crate::geometry::shapes', 'use', 'src/geometry/shapes.rs'],
    ['src/geometry/shapes.rs', 'super', 'use', undefined],
    ['src/main.rs', 'std::collections', 'use', undefined],
  ] as const)('Rust: %s %s (%s)', (from, specifier, kind, expected) => {
    const files = new Set(['src/main.rs', 'src/geometry.rs', 'src/geometry/shapes.rs']);
    expect(resolveImport(from, 'rust', reference(specifier, [], kind), { files })[0]).toBe(expected);
  });
});

describe('resolveImport of workspace packages', () => {
  const files = new Set(['libs/core/src/index.ts', 'libs/core/src/util/text.ts', 'libs/plain/index.js']);
  const packages = new Map([
    [
      '@acme/core',
      {
        name: '@acme/core',
        dir: 'libs/core',
        entryPoints: ['libs/core/dist/index.js', 'libs/core/src/index.js'],
      },
    ],
    ['plain', { name: 'plain', dir: 'libs/plain', entryPoints: ['libs/plain/index'] }],
  ]);
  const resolve = (specifier: string) =>
    resolveImport(
      'apps/web/main.ts',
      'typescript',
      { specifier, line: 1, kind: 'import', typeOnly: false, names: [] },
      { files, packages },
    );

  it.each([
    ['@acme/core', 'libs/core/src/index.ts'],
    ['@acme/core/util/text.js', 'libs/core/src/util/text.ts'],
    ['plain', 'libs/plain/index.js'],
    ['@acme/other', undefined],
    ['lodash', undefined],
  ])('resolves %s to %s', (specifier, expected) => {
    expect(resolve(specifier)[0]).toBe(expected);
  });
});
