import { posix } from 'node:path';
import type { ParsedFile, ParsedFileSource, SymbolLocation } from './code-model.js';

const MAX_REEXPORT_DEPTH = 6;

/** Resolves identifiers used in a file to definitions, following imports and re-exports. */
export class SymbolResolver {
  private readonly byName = new Map<string, SymbolLocation[]>();
  private readonly byFile = new Map<string, Map<string, SymbolLocation[]>>();
  private readonly byDirectory = new Map<string, string[]>();
  private referrers?: Map<string, SymbolLocation[]>;

  constructor(private readonly graph: ParsedFileSource) {
    for (const path of graph.filePaths) {
      const file = graph.file(path)!;
      const local = new Map<string, SymbolLocation[]>();
      for (const symbol of file.symbols) {
        const location = { file: path, symbol };
        pushTo(this.byName, symbol.name, location);
        if (!symbol.parent) pushTo(local, symbol.name, location);
      }
      this.byFile.set(path, local);
      pushTo(this.byDirectory, posix.dirname(path), path);
    }
  }

  definitionsNamed(name: string): SymbolLocation[] {
    return this.byName.get(name) ?? [];
  }

  /** Symbols whose bodies use the identifier `name` (candidates; resolution decides). */
  symbolsReferencing(name: string): SymbolLocation[] {
    if (!this.referrers) {
      this.referrers = new Map();
      for (const path of this.graph.filePaths) {
        for (const symbol of this.graph.file(path)!.symbols) {
          for (const used of symbol.references) pushTo(this.referrers, used, { file: path, symbol });
        }
      }
    }
    return this.referrers.get(name) ?? [];
  }

  resolve(path: string, name: string): SymbolLocation[] {
    const file = this.graph.file(path);
    if (!file) return [];
    const local = this.byFile.get(path)?.get(name);
    if (local) return local;
    const imported = this.resolveImported(file, name);
    if (imported.length > 0 || file.language !== 'go') return imported;
    return this.resolveGoPackageScope(file, name);
  }

  private resolveImported(file: ParsedFile, name: string): SymbolLocation[] {
    const found: SymbolLocation[] = [];
    for (const [index, reference] of file.imports.entries()) {
      if (reference.kind === 'reexport' || reference.kind === 'reexport-all') continue;
      for (const imported of reference.names) {
        const wildcard = imported.local === '*' && imported.imported === '*';
        if (imported.local !== name && !wildcard) continue;
        if (imported.imported === '*' && !wildcard) continue;
        const exportedName = wildcard ? name : imported.imported;
        for (const target of this.graph.resolvedTargets(file, index))
          found.push(...this.exported(target, exportedName, 0));
      }
    }
    return found;
  }

  /** Go: same-package files, then the packages this file imports. */
  private resolveGoPackageScope(file: ParsedFile, name: string): SymbolLocation[] {
    const siblings = this.byDirectory.get(posix.dirname(file.path)) ?? [];
    const packageLevel = siblings.flatMap((sibling) => this.byFile.get(sibling)?.get(name) ?? []);
    if (packageLevel.length > 0) return packageLevel;
    const imported = file.imports.flatMap((_, index) => this.graph.resolvedTargets(file, index));
    return imported.flatMap((target) =>
      (this.byFile.get(target)?.get(name) ?? []).filter((l) => l.symbol.exported),
    );
  }

  /** The definition a module exports under `name`, through aliases and re-exports. */
  private exported(path: string, name: string, depth: number): SymbolLocation[] {
    const file = this.graph.file(path);
    if (!file || depth > MAX_REEXPORT_DEPTH) return [];
    const local = this.byFile.get(path)?.get(name);
    if (local) return local;
    const alias = file.exportAliases.find((entry) => entry.imported === name);
    if (alias && alias.local !== name) return this.resolve(path, alias.local);
    if (alias) return this.resolveImported(file, name);
    for (const [index, reference] of file.imports.entries()) {
      const named = reference.kind === 'reexport' && reference.names.find((entry) => entry.local === name);
      if (!named && reference.kind !== 'reexport-all') continue;
      const targetName = named ? named.imported : name;
      for (const target of this.graph.resolvedTargets(file, index)) {
        const found = this.exported(target, targetName, depth + 1);
        if (found.length > 0) return found;
      }
    }
    return [];
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
