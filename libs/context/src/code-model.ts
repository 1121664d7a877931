/** Languages the context library understands. */
export type SourceLanguage = 'typescript' | 'javascript' | 'python' | 'go' | 'rust';

/** What a definition is, across languages. */
export type SymbolKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'variable'
  | 'constant'
  | 'struct'
  | 'trait'
  | 'impl'
  | 'module'
  | 'macro';

/** A definition found in a source file. Lines are 1-based and inclusive; offsets are UTF-16 indices. */
export interface SymbolDefinition {
  name: string;
  kind: SymbolKind;
  startLine: number;
  endLine: number;
  start: number;
  end: number;
  /** One-line-ish declaration head (no body), e.g. `export function f(a: number): string`. */
  signature: string;
  exported: boolean;
  /** Enclosing class, impl or receiver type, for members. */
  parent?: string;
  /** Identifier names used inside the definition (deduplicated, sorted). */
  references: string[];
}

/** How an import was written. */
export type ImportKind = 'import' | 'reexport' | 'reexport-all' | 'dynamic' | 'require' | 'mod' | 'use';

/** A name brought in by an import: `imported` in the target, `local` in this file (`*` for namespaces). */
export interface ImportedName {
  imported: string;
  local: string;
}

/** One import statement (or `mod`/`use` item, `require` call, dynamic import). */
export interface ImportReference {
  specifier: string;
  line: number;
  kind: ImportKind;
  names: ImportedName[];
  typeOnly: boolean;
}

/** A syntax error with a 1-based line and column. */
export interface SourceSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** The language-level facts extracted from one file's text. */
export interface FileFacts {
  language: SourceLanguage;
  lineCount: number;
  symbols: SymbolDefinition[];
  imports: ImportReference[];
  /** `export { local as exported }` pairs (JS/TS). */
  exportAliases: ImportedName[];
  syntaxErrors: SourceSyntaxError[];
}

/** A file of the graph: its path (repo-relative, POSIX), text, content hash and facts. */
export interface ParsedFile extends FileFacts {
  path: string;
  contentHash: string;
  text: string;
}

/** A definition and the file it lives in. */
export interface SymbolLocation {
  file: string;
  symbol: SymbolDefinition;
}

/** Read access to parsed files and their resolved imports, as the symbol resolver needs it. */
export interface ParsedFileSource {
  readonly filePaths: string[];
  file(path: string): ParsedFile | undefined;
  resolvedTargets(file: ParsedFile, importIndex: number): string[];
}
