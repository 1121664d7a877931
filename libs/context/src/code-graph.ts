import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ImportKind, ParsedFile, ParsedFileSource, SymbolLocation } from './code-model.js';
import { ALWAYS_IGNORED_DIRECTORIES, type WalkOptions, walkRepository } from './file-walker.js';
import { type ResolverContext, resolveImport } from './import-resolver.js';
import { contentHashOf, type ParseCache, sharedParseCache } from './parse-cache.js';
import { languageOfPath } from './source-language.js';
import { SymbolResolver } from './symbol-resolver.js';
import { readWorkspacePackages } from './workspace-packages.js';

const READ_CONCURRENCY = 32;

/** Options of {@link buildCodeGraph}. */
export interface CodeGraphOptions extends WalkOptions {
  /** Repo-relative files to include instead of walking the directory. @defaultValue all source files */
  files?: string[];
  /** Parse cache to reuse across graphs. @defaultValue the process-wide {@link sharedParseCache} */
  cache?: ParseCache;
}

/** A resolved import between two repository files (one per file pair, earliest line kept). */
export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
  line: number;
  kind: ImportKind;
  /** True when every import between the pair is type-only (`import type`). */
  typeOnly: boolean;
}

/** The parsed files of a repository with their import graph and symbol index. */
export class CodeGraph implements ParsedFileSource {
  private edges?: ImportEdge[];
  private targets = new Map<string, string[][]>();
  private resolver?: SymbolResolver;

  private constructor(
    readonly rootDir: string,
    private readonly parsed: Map<string, ParsedFile>,
    private readonly cache: ParseCache,
    private readonly project: Omit<ResolverContext, 'files'>,
  ) {}

  /** Walks (or takes the given `files` of) `rootDir` and parses every source file through the cache. */
  static async build(rootDir: string, options: CodeGraphOptions = {}): Promise<CodeGraph> {
    const listing = options.files
      ? { sourceFiles: options.files, manifests: [] }
      : await walkRepository(rootDir, options);
    const goMod = await readFile(join(rootDir, 'go.mod'), 'utf8').catch(() => undefined);
    const goModulePath = goMod ? /^module\s+(\S+)/m.exec(goMod)?.[1] : undefined;
    const workspaces = await readWorkspacePackages(rootDir, listing.manifests);
    const packages = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
    const graph = new CodeGraph(rootDir, new Map(), options.cache ?? sharedParseCache, {
      goModulePath,
      packages,
    });
    await graph.updateFiles(listing.sourceFiles);
    return graph;
  }

  /** Repo-relative paths of the parsed files, sorted. */
  get filePaths(): string[] {
    return [...this.parsed.keys()].sort();
  }

  /** The parsed file at a repo-relative path. */
  file(path: string): ParsedFile | undefined {
    return this.parsed.get(path);
  }

  /** Re-reads the given files from disk (content-hash cached); missing files leave the graph. */
  async updateFiles(paths: readonly string[]): Promise<void> {
    const eligible = paths.filter((path) => languageOfPath(path) && !isAlwaysIgnored(path));
    for (let index = 0; index < eligible.length; index += READ_CONCURRENCY) {
      const batch = eligible.slice(index, index + READ_CONCURRENCY);
      const texts = await Promise.all(
        batch.map((path) => readFile(join(this.rootDir, path), 'utf8').catch(() => undefined)),
      );
      for (const [offset, path] of batch.entries()) await this.setContent(path, texts[offset]);
    }
    this.invalidate();
  }

  /**
   * A copy of this graph with some files replaced (`undefined` removes the file); this graph is
   * unchanged. Paths inside always-ignored directories and of unsupported languages are skipped.
   */
  async withContents(contents: ReadonlyMap<string, string | undefined>): Promise<CodeGraph> {
    const copy = new CodeGraph(this.rootDir, new Map(this.parsed), this.cache, this.project);
    for (const [path, text] of contents) if (!isAlwaysIgnored(path)) await copy.setContent(path, text);
    return copy;
  }

  /** Every resolved import edge between repository files, self-imports excluded. */
  importEdges(): readonly ImportEdge[] {
    this.edges ??= this.computeEdges();
    return this.edges;
  }

  /** Definitions that an identifier used in `file` refers to (local, imported, package-level). */
  resolveName(file: string, name: string): SymbolLocation[] {
    this.resolver ??= new SymbolResolver(this);
    return this.resolver.resolve(file, name);
  }

  /** All top-level and member definitions with this exact name. */
  definitionsNamed(name: string): SymbolLocation[] {
    this.resolver ??= new SymbolResolver(this);
    return this.resolver.definitionsNamed(name);
  }

  /** Symbols whose bodies use the identifier `name`, before resolution (callers' candidates). */
  symbolsReferencing(name: string): SymbolLocation[] {
    this.resolver ??= new SymbolResolver(this);
    return this.resolver.symbolsReferencing(name);
  }

  /** Targets of one file's import, resolved against this graph's files. */
  resolvedTargets(file: ParsedFile, importIndex: number): string[] {
    this.importEdges();
    return this.targets.get(file.path)?.[importIndex] ?? [];
  }

  private async setContent(path: string, text: string | undefined): Promise<void> {
    const facts = text === undefined ? undefined : await this.cache.factsOf(path, text, contentHashOf(text));
    if (!facts || text === undefined) this.parsed.delete(path);
    else this.parsed.set(path, { ...facts, path, text, contentHash: contentHashOf(text) });
  }

  private invalidate(): void {
    this.edges = undefined;
    this.targets = new Map();
    this.resolver = undefined;
  }

  private computeEdges(): ImportEdge[] {
    const context: ResolverContext = { ...this.project, files: new Set(this.parsed.keys()) };
    const byPair = new Map<string, ImportEdge>();
    for (const file of this.parsed.values()) {
      const fileTargets = file.imports.map((reference) =>
        resolveImport(file.path, file.language, reference, context),
      );
      this.targets.set(file.path, fileTargets);
      for (const [index, reference] of file.imports.entries()) {
        for (const to of fileTargets[index]!) {
          if (to === file.path) continue;
          const key = `${file.path}\0${to}`;
          const existing = byPair.get(key);
          if (existing) existing.typeOnly &&= reference.typeOnly;
          else
            byPair.set(key, {
              from: file.path,
              to,
              specifier: reference.specifier,
              line: reference.line,
              kind: reference.kind,
              typeOnly: reference.typeOnly,
            });
        }
      }
    }
    return [...byPair.values()];
  }
}

/** Paths in always-ignored directories, and paths that would leave the root (absolute, `..`), stay out. */
function isAlwaysIgnored(path: string): boolean {
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return true;
  return path
    .split(/[\\/]/)
    .some((segment) => segment === '..' || ALWAYS_IGNORED_DIRECTORIES.includes(segment));
}

/** Builds a {@link CodeGraph} of a repository checkout. */
export function buildCodeGraph(rootDir: string, options: CodeGraphOptions = {}): Promise<CodeGraph> {
  return CodeGraph.build(rootDir, options);
}
