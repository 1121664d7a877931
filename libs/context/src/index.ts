export type {
  FileFacts,
  ImportKind,
  ImportReference,
  ImportedName,
  ParsedFile,
  SourceLanguage,
  SourceSyntaxError,
  SymbolDefinition,
  SymbolKind,
  SymbolLocation,
} from './code-model.js';
export { buildCodeGraph, CodeGraph, type CodeGraphOptions, type ImportEdge } from './code-graph.js';
export { ContextError, GrammarLoadError, RepositoryNotFoundError } from './errors.js';
export {
  ALWAYS_IGNORED_DIRECTORIES,
  listSourceFiles,
  type RepositoryListing,
  type WalkOptions,
  walkRepository,
} from './file-walker.js';
export { resolveTsSpecifier } from './import-resolver.js';
export {
  buildMiniCodebase,
  type ContextFile,
  type ContextSymbol,
  type MiniCodebase,
  type MiniCodebaseOptions,
} from './mini-codebase.js';
export type { SymbolDetail } from './mini-codebase-renderer.js';
export { contentHashOf, extractFileFacts, ParseCache, sharedParseCache } from './parse-cache.js';
export type { RelatedFile } from './related-files.js';
export { seedSymbolsFromDescription } from './seed-extractor.js';
export { languageOfPath, SUPPORTED_EXTENSIONS } from './source-language.js';
export type { NeighbourRelation } from './symbol-neighbourhood.js';
export type { WorkspacePackage } from './workspace-packages.js';
