import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCodeGraph, type CodeGraph } from './code-graph.js';
import { RepositoryNotFoundError } from './errors.js';
import { buildMiniCodebase } from './mini-codebase.js';
import { ParseCache } from './parse-cache.js';

/** A realistic repository: rxjs's TypeScript sources (as shipped in node_modules) copied to a temp dir. */
function copyRxjsSources(): string {
  const rxjsDir = dirname(createRequire(import.meta.url).resolve('rxjs/package.json'));
  const repo = mkdtempSync(join(tmpdir(), 'context-rxjs-'));
  cpSync(join(rxjsDir, 'src'), join(repo, 'src'), { recursive: true });
  return repo;
}

describe('CodeGraph on a copy of the rxjs sources', () => {
  let repo: string;
  let cache: ParseCache;
  let graph: CodeGraph;

  beforeAll(async () => {
    repo = copyRxjsSources();
    mkdirSync(join(repo, 'node_modules/dep'), { recursive: true });
    writeFileSync(join(repo, 'node_modules/dep/index.ts'), 'export const dep = 1;\n');
    mkdirSync(join(repo, 'dist'), { recursive: true });
    writeFileSync(join(repo, 'dist/out.js'), 'export const out = 1;\n');
    writeFileSync(join(repo, '.gitignore'), '/src/internal/testing/\n*.generated.ts\n');
    writeFileSync(join(repo, 'src/skip.generated.ts'), 'export const skipped = 1;\n');
    cache = new ParseCache();
    graph = await buildCodeGraph(repo, { cache });
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('parses hundreds of files without syntax errors and resolves their imports', () => {
    expect(graph.filePaths.length).toBeGreaterThan(200);
    expect(graph.filePaths.filter((path) => graph.file(path)!.syntaxErrors.length > 0)).toEqual([]);
    expect(graph.importEdges().length).toBeGreaterThan(1000);
    const mergeMapImports = graph
      .importEdges()
      .filter((edge) => edge.from === 'src/internal/operators/mergeMap.ts');
    expect(mergeMapImports.map((edge) => edge.to)).toContain('src/internal/operators/mergeInternals.ts');
  });

  it('respects .gitignore and never walks node_modules or dist', () => {
    expect(graph.filePaths.some((path) => path.startsWith('src/internal/testing/'))).toBe(false);
    expect(graph.filePaths).not.toContain('src/skip.generated.ts');
    expect(graph.filePaths.some((path) => path.includes('node_modules') || path.startsWith('dist/'))).toBe(
      false,
    );
    expect(graph.filePaths).toContain('src/internal/Observable.ts');
  });

  it('resolves names through imports and barrel re-exports', async () => {
    const [target] = graph.resolveName('src/internal/operators/mergeMap.ts', 'mergeInternals');
    expect(target).toMatchObject({
      file: 'src/internal/operators/mergeInternals.ts',
      symbol: { kind: 'function' },
    });
    const user =
      "import { Observable, map as project } from './index.js';\nexport const o = new Observable(); project;\n";
    const withUser = await graph.withContents(new Map([['src/barrel-user.ts', user]]));
    expect(
      withUser.resolveName('src/barrel-user.ts', 'Observable').map((l) => [l.file, l.symbol.kind]),
    ).toEqual([['src/internal/Observable.ts', 'class']]);
    const mapDefinitions = withUser.resolveName('src/barrel-user.ts', 'project');
    expect(new Set(mapDefinitions.map((l) => l.file))).toEqual(new Set(['src/internal/operators/map.ts']));
  });

  it('builds a budgeted, deterministic MiniCodebase of a real operator', async () => {
    const context = buildMiniCodebase(graph, { seedSymbols: ['mergeMap'], lineBudget: 150 });
    expect(context.markdown.split('\n').length).toBeLessThanOrEqual(150);
    expect(context.symbols.filter((s) => s.distance === 0).every((s) => s.name === 'mergeMap')).toBe(true);
    expect(context.symbols.find((s) => s.name === 'mergeInternals')).toMatchObject({ distance: 1 });
    const rebuilt = await buildCodeGraph(repo, { cache: new ParseCache() });
    expect(buildMiniCodebase(rebuilt, { seedSymbols: ['mergeMap'], lineBudget: 150 })).toEqual(context);
  });

  it('re-parses only changed files on updateFiles and drops deleted ones', async () => {
    const before = cache.parses;
    const path = 'src/internal/util/identity.ts';
    writeFileSync(
      join(repo, path),
      'export function identity<T>(x: T): T {\n  return x;\n}\nexport const extra = 1;\n',
    );
    unlinkSync(join(repo, 'src/internal/util/noop.ts'));
    await graph.updateFiles([path, 'src/internal/util/noop.ts']);
    expect(cache.parses).toBe(before + 1);
    expect(graph.file(path)?.symbols.map((symbol) => symbol.name)).toEqual(['identity', 'extra']);
    expect(graph.file('src/internal/util/noop.ts')).toBeUndefined();
    const again = await buildCodeGraph(repo, { cache });
    expect(cache.parses).toBe(before + 1);
    expect(again.filePaths).toEqual(graph.filePaths);
  });

  it('derives a changed copy with withContents, leaving the original untouched', async () => {
    const copy = await graph.withContents(
      new Map([['src/new.ts', "import { identity } from './internal/util/identity.js';\n"]]),
    );
    expect(copy.importEdges().some((edge) => edge.from === 'src/new.ts')).toBe(true);
    expect(graph.file('src/new.ts')).toBeUndefined();
  });

  it('keeps paths that leave the root or enter ignored directories out of the graph', async () => {
    const copy = await graph.withContents(
      new Map([
        ['../outside.ts', 'export const x = 1;\n'],
        ['node_modules/pkg/index.ts', 'export const y = 1;\n'],
      ]),
    );
    await copy.updateFiles(['/etc/hostname.ts', 'src/../../escape.ts']);
    expect(copy.filePaths).toEqual(graph.filePaths);
  });
});

describe('buildCodeGraph errors', () => {
  it('throws a coded error for a missing repository', async () => {
    await expect(buildCodeGraph('/nonexistent/repo')).rejects.toMatchObject({
      name: 'RepositoryNotFoundError',
      code: 'CONTEXT_REPOSITORY_NOT_FOUND',
    });
    await expect(buildCodeGraph('/nonexistent/repo')).rejects.toBeInstanceOf(RepositoryNotFoundError);
  });
});
