import type { Node } from 'web-tree-sitter';
import type { FileFacts, SourceSyntaxError, SymbolDefinition } from './code-model.js';
import type { DefinitionMatch } from './definition-match.js';
import { goDefinitions, goImports } from './go-grammar-rules.js';
import { pythonDefinitions, pythonImports } from './python-grammar-rules.js';
import { rustDefinitions, rustImports } from './rust-grammar-rules.js';
import { type TreeSitterGrammar, treeSitterParser } from './tree-sitter-loader.js';
import { signatureOf } from './ts-symbol-extractor.js';

const MAX_SYNTAX_ERRORS = 20;
const REFERENCE_NODE_TYPES = ['identifier', 'type_identifier', 'package_identifier', 'constant'];
/** Go selectors (`pkg.Func`) name their target with a field identifier. */
const GO_REFERENCE_NODE_TYPES = [...REFERENCE_NODE_TYPES, 'field_identifier'];

const RULES = {
  python: { definitions: pythonDefinitions, imports: pythonImports },
  go: { definitions: goDefinitions, imports: goImports },
  rust: { definitions: rustDefinitions, imports: rustImports },
} as const;

/** Extracts definitions, imports and syntax errors of a Python, Go or Rust file with tree-sitter. */
export async function extractTreeSitterFacts(grammar: TreeSitterGrammar, text: string): Promise<FileFacts> {
  const parser = await treeSitterParser(grammar);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
  try {
    const root = tree.rootNode;
    const referenceTypes = grammar === 'go' ? GO_REFERENCE_NODE_TYPES : REFERENCE_NODE_TYPES;
    const symbols = RULES[grammar].definitions(root).map((match) => toSymbol(match, text, referenceTypes));
    return {
      language: grammar,
      lineCount: root.endPosition.row + 1,
      symbols,
      imports: RULES[grammar].imports(root),
      exportAliases: [],
      syntaxErrors: root.hasError ? collectSyntaxErrors(root) : [],
    };
  } finally {
    tree.delete();
  }
}

function toSymbol(match: DefinitionMatch, text: string, referenceTypes: string[]): SymbolDefinition {
  const { node, body } = match;
  const names = new Set<string>();
  for (const identifier of node.descendantsOfType(referenceTypes)) {
    if (identifier) names.add(identifier.text);
  }
  names.delete(match.name);
  const bodyStart = body && body.startIndex > node.startIndex ? body.startIndex : node.endIndex;
  return {
    name: match.name,
    kind: match.kind,
    start: node.startIndex,
    end: node.endIndex,
    startLine: node.startPosition.row + 1,
    endLine:
      node.endPosition.row +
      (node.endPosition.column === 0 && node.endPosition.row > node.startPosition.row ? 0 : 1),
    signature: signatureOf(text, node.startIndex, bodyStart),
    exported: match.exported,
    parent: match.parent,
    references: [...names].sort(),
  };
}

/** ERROR and MISSING nodes of a tree, in source order. */
export function collectSyntaxErrors(root: Node): SourceSyntaxError[] {
  const errors: SourceSyntaxError[] = [];
  const visit = (node: Node): void => {
    if (errors.length >= MAX_SYNTAX_ERRORS) return;
    if (node.isMissing || node.isError) {
      const snippet = node.text.split('\n')[0]!.slice(0, 40);
      const message = node.isMissing
        ? `missing ${JSON.stringify(node.type)}`
        : `unexpected ${JSON.stringify(snippet)}`;
      errors.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, message });
      if (node.isMissing) return;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) visit(child);
  };
  visit(root);
  return errors;
}
