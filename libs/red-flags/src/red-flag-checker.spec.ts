import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ParseCache } from '@maker/context';
import { afterEach, describe, expect, it } from 'vitest';
import { gitChangeSet } from './git-change-set.js';
import type { ArchitectureLayer } from './layer-rules.js';
import { analyseChange, checkRedFlags } from './red-flag-checker.js';

type Files = Record<string, string | null>;

const repos: string[] = [];

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

function writeFiles(repo: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(repo, path);
    if (content === null) unlinkSync(absolute);
    else {
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
  }
}

/** A real git checkout with `base` committed and `change` applied on disk (null deletes). */
function checkoutWithChange(base: Files, change: Files): string {
  const repo = mkdtempSync(join(tmpdir(), 'red-flags-'));
  repos.push(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'user.name', 'Test');
  writeFiles(repo, { '.gitignore': 'node_modules\n', ...base });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  writeFiles(repo, change);
  return repo;
}

async function checkChange(base: Files, change: Files, layers?: ArchitectureLayer[]) {
  const repo = checkoutWithChange(base, change);
  const { changes, readBefore } = await gitChangeSet(repo);
  return checkRedFlags({ rootDir: repo, changes, before: readBefore, layers, cache: new ParseCache() });
}

afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo, { recursive: true, force: true });
});

const LAYERS: ArchitectureLayer[] = [
  { name: 'domain', level: 0, allowed_deps: [] },
  { name: 'application', level: 1, allowed_deps: ['domain'] },
  { name: 'infrastructure', level: 2, allowed_deps: ['domain', 'application'], patterns: ['src/infra/**'] },
];

describe('checkRedFlags on a real git change', () => {
  it('names a two-file import cycle introduced by a modification, as a path', async () => {
    const report = await checkChange(
      {
        'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/b.ts': 'export const b = 1;\n',
      },
      { 'src/b.ts': "import { a } from './a.js';\nexport const b = 1;\nexport const c = a;\n" },
    );
    expect(report.introduced_cycle).toBe(true);
    expect(report.flagged).toBe(true);
    expect(report.cycles).toEqual([['src/b.ts', 'src/a.ts', 'src/b.ts']]);
    expect(report.betti_1).toBe(1);
    expect(report.reasons).toEqual(['import cycle introduced: src/b.ts → src/a.ts → src/b.ts']);
  });

  it('names a three-file cycle closed by an added file, resolving extensionless and index imports', async () => {
    const report = await checkChange(
      {
        'src/a.ts': "import './b';\nexport const a = 1;\n",
        'src/b.ts': "import { c } from './c/index.js';\nexport const b = c;\n",
      },
      { 'src/c/index.ts': "import { a } from '../a.js';\nexport const c = a;\n" },
    );
    expect(report.introduced_cycle).toBe(true);
    expect(report.cycles).toEqual([['src/b.ts', 'src/c/index.ts', 'src/a.ts', 'src/b.ts']]);
    expect(report.reasons).toEqual([
      'import cycle introduced: src/b.ts → src/c/index.ts → src/a.ts → src/b.ts',
    ]);
  });

  it('detects a cycle introduced between Python modules', async () => {
    const report = await checkChange(
      { 'app/__init__.py': '', 'app/a.py': 'from .b import x\n\ny = x\n', 'app/b.py': 'x = 1\n' },
      { 'app/b.py': 'from app.a import y\n\nx = 1\n' },
    );
    expect(report.cycles).toEqual([['app/b.py', 'app/a.py', 'app/b.py']]);
    expect(report.introduced_cycle).toBe(true);
  });

  it('counts a type-only import cycle unless asked to ignore type-only imports', async () => {
    const base = {
      'src/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'src/b.ts': 'export type B = 1;\n',
    };
    const change = { 'src/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n" };
    expect((await checkChange(base, change)).introduced_cycle).toBe(true);
    const repo = checkoutWithChange(base, change);
    const { changes, readBefore } = await gitChangeSet(repo);
    const report = await checkRedFlags({
      rootDir: repo,
      changes,
      before: readBefore,
      ignoreTypeOnlyImports: true,
    });
    expect(report).toMatchObject({ introduced_cycle: false, cycles: [], betti_1: 0 });
  });

  it('follows workspace package imports of a monorepo (exports mapped from dist to src)', async () => {
    const manifest = (name: string) =>
      JSON.stringify({
        name,
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      });
    const report = await checkChange(
      {
        'package.json': JSON.stringify({ name: 'root', workspaces: ['libs/*'] }),
        'libs/core/package.json': manifest('@acme/core'),
        'libs/core/src/index.ts': "export * from './model.js';\n",
        'libs/core/src/model.ts': 'export const model = 1;\n',
        'libs/api/package.json': manifest('@acme/api'),
        'libs/api/src/index.ts': "import { model } from '@acme/core';\nexport const api = model;\n",
      },
      {
        'libs/core/src/model.ts':
          "import { api } from '@acme/api';\nexport const model = 1;\nexport const uses = api;\n",
      },
    );
    expect(report.cycles).toEqual([
      ['libs/core/src/model.ts', 'libs/api/src/index.ts', 'libs/core/src/index.ts', 'libs/core/src/model.ts'],
    ]);
    expect(report.introduced_cycle).toBe(true);
  });

  it('does not call a diamond a cycle', async () => {
    const report = await checkChange(
      {
        'src/d.ts': 'export const d = 1;\n',
        'src/b.ts': "import { d } from './d.js';\nexport const b = d;\n",
      },
      {
        'src/c.ts': "import { d } from './d.js';\nexport const c = d;\n",
        'src/a.ts': "import { b } from './b.js';\nimport { c } from './c.js';\nexport const a = b + c;\n",
      },
    );
    expect(report).toMatchObject({
      flagged: false,
      introduced_cycle: false,
      cycles: [],
      betti_1: 0,
      reasons: [],
    });
  });

  it('reports an already existing cycle without blaming the change for it', async () => {
    const report = await checkChange(
      {
        'src/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
        'src/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
      },
      { 'src/a.ts': "import { b } from './b.js';\nexport const a = 2;\nexport const twice = b * 2;\n" },
    );
    expect(report.introduced_cycle).toBe(false);
    expect(report.flagged).toBe(false);
    expect(report.cycles).toEqual([['src/a.ts', 'src/b.ts', 'src/a.ts']]);
    expect(report.betti_1).toBe(1);
    expect(report.reasons).toEqual([]);
  });

  it('blames a new cycle inside an already cyclic component and counts the extra independent cycle', async () => {
    const report = await checkChange(
      {
        'a.ts': "import './b.js';\n",
        'b.ts': "import './a.js';\nimport './c.js';\n",
        'c.ts': 'export {};\n',
      },
      { 'c.ts': "import './a.js';\n" },
    );
    expect(report.introduced_cycle).toBe(true);
    expect(report.cycles).toEqual([['c.ts', 'a.ts', 'b.ts', 'c.ts']]);
    expect(report.betti_1).toBe(2);
  });

  it.each([
    [
      'domain imports infrastructure',
      'src/domain/user.ts',
      "import { db } from '../infra/db.js';\nexport const u = db;\n",
      true,
    ],
    [
      'application imports infrastructure',
      'src/application/signup.ts',
      "import { db } from '../infra/db.js';\nexport const s = db;\n",
      true,
    ],
    [
      'application imports domain (allowed)',
      'src/application/signup.ts',
      "import { user } from '../domain/user.js';\nexport const s = user;\n",
      false,
    ],
    [
      'infrastructure imports application (allowed)',
      'src/infra/db.ts',
      "import { s } from '../application/signup.js';\nexport const db = s;\n",
      false,
    ],
    [
      'domain imports domain (same layer)',
      'src/domain/user.ts',
      "import { id } from './id.js';\nexport const user = id;\n",
      false,
    ],
  ])('layer rules: %s', async (_name, path, content, violates) => {
    const base = {
      'src/domain/user.ts': 'export const user = 1;\n',
      'src/domain/id.ts': 'export const id = 1;\n',
      'src/application/signup.ts': 'export const s = 1;\n',
      'src/infra/db.ts': 'export const db = 1;\n',
    };
    const report = await checkChange(base, { [path]: content }, LAYERS);
    expect(report.flagged).toBe(violates);
    expect(report.layer_violations.length).toBe(violates ? 1 : 0);
    if (violates) {
      expect(report.layer_violations[0]).toMatchObject({
        from: path,
        to: 'src/infra/db.ts',
        to_layer: 'infrastructure',
        line: 1,
      });
      expect(report.reasons[0]).toMatch(/^layer violation: .* imports src\/infra\/db\.ts \(infrastructure\)/);
    }
  });

  it('does not blame a layer violation that already existed before the change', async () => {
    const report = await checkChange(
      {
        'src/domain/user.ts': "import { db } from '../infra/db.js';\nexport const user = db;\n",
        'src/infra/db.ts': 'export const db = 1;\n',
      },
      { 'src/domain/user.ts': "import { db } from '../infra/db.js';\nexport const user = db + 1;\n" },
      LAYERS,
    );
    expect(report.layer_violations).toEqual([]);
    expect(report.flagged).toBe(false);
  });

  it.each([
    ['TypeScript', 'src/broken.ts', 'export const ok = 1;\nconst x = ;\n', 'src/broken.ts:2:11'],
    ['Python', 'app/broken.py', 'def ok():\n    return 1\n\ndef f(:\n    return 2\n', 'app/broken.py:4:7'],
    ['Go', 'pkg/broken.go', 'package pkg\n\nfunc F() int {\n\treturn 1 +\n}\n', 'pkg/broken.go:4:11'],
    ['Rust', 'src/broken.rs', 'pub fn f() -> i32 {\n    let x = ;\n    x\n}\n', 'src/broken.rs:2:11'],
  ])(
    'reports a syntax error in a changed %s file with file:line:column',
    async (_language, path, content, where) => {
      const report = await checkChange({ 'README.md': '# repo\n' }, { [path]: content });
      expect(report.flagged).toBe(true);
      expect(report.syntax_errors.length).toBeGreaterThan(0);
      expect(report.syntax_errors[0]).toMatchObject({ file: path });
      expect(report.syntax_errors[0]!.column).toBeGreaterThan(0);
      expect(report.reasons[0]).toContain(`syntax error: ${where}`);
    },
  );

  it('is silent on a harmless change in valid TypeScript, Python, Go and Rust', async () => {
    const report = await checkChange(
      { 'src/a.ts': 'export const a = 1;\n' },
      {
        'src/a.ts': 'export const a = 2;\n',
        'app/ok.py': 'def ok():\n    return 1\n',
        'pkg/ok.go': 'package pkg\n\nfunc F() int { return 1 }\n',
        'src/ok.rs': 'pub fn f() -> i32 { 1 }\n',
      },
      LAYERS,
    );
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

  it('ignores syntax errors in files the change did not touch, and handles deletions', async () => {
    const report = await checkChange(
      {
        'src/old-broken.ts': 'export const = ;\n',
        'src/a.ts': "import './b.js';\n",
        'src/b.ts': "import './a.js';\n",
      },
      { 'src/b.ts': null },
    );
    expect(report).toMatchObject({ flagged: false, syntax_errors: [], cycles: [], betti_1: 0 });
  });

  it('reuses a base graph so that only the changed files are parsed', async () => {
    const repo = checkoutWithChange(
      {
        'src/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
        'src/b.ts': 'export const b = 1;\n',
        'src/c.ts': 'export const c = 1;\n',
      },
      {},
    );
    const cache = new ParseCache();
    const first = await analyseChange({ rootDir: repo, changes: [], before: repo, cache });
    expect(cache.parses).toBe(3);
    writeFiles(repo, {
      'src/b.ts': "import { a } from './a.js';\nexport const b = 1;\nexport const x = a;\n",
    });
    const { changes, readBefore } = await gitChangeSet(repo);
    let beforeReads = 0;
    const countingReader = (path: string) => {
      beforeReads++;
      return readBefore(path);
    };
    const second = await analyseChange({
      rootDir: repo,
      changes,
      before: countingReader,
      baseGraph: first.afterGraph,
      cache,
    });
    expect(cache.parses).toBe(4);
    expect(beforeReads).toBe(0);
    expect(second.report.introduced_cycle).toBe(true);
    expect(second.afterGraph.file('src/b.ts')?.imports[0]?.specifier).toBe('./a.js');
  });

  it.each(['../outside.ts', '/etc/passwd', 'src/../../outside.ts'])(
    'refuses the changed path %s, which leaves the repository',
    async (path) => {
      const repo = checkoutWithChange({ 'src/a.ts': 'export const a = 1;\n' }, {});
      await expect(checkRedFlags({ rootDir: repo, changes: [path], before: repo })).rejects.toMatchObject({
        name: 'PathOutsideRepositoryError',
        code: 'RED_FLAGS_PATH_OUTSIDE_REPOSITORY',
      });
    },
  );

  it('needs a before state or a base graph', async () => {
    const repo = checkoutWithChange({ 'src/a.ts': 'export const a = 1;\n' }, {});
    await expect(checkRedFlags({ rootDir: repo, changes: ['src/a.ts'] })).rejects.toMatchObject({
      code: 'RED_FLAGS_BEFORE_STATE_MISSING',
    });
  });
});
