import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from './code-model.js';

/** A definition node found by a grammar's rules, before line and reference bookkeeping. */
export interface DefinitionMatch {
  name: string;
  kind: SymbolKind;
  node: Node;
  body: Node | null;
  parent?: string;
  exported: boolean;
}
