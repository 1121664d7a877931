import { extname } from 'node:path';
import { parseSync, visitorKeys } from 'oxc-parser';
import type { FileFacts, ImportReference, SymbolDefinition, SymbolKind } from './code-model.js';
import { LineIndex } from './line-index.js';
import { moduleImports } from './ts-import-extractor.js';
import { collectTsReferences, type AstNode } from './ts-reference-collector.js';

const SIGNATURE_MAX_LINES = 6;

interface DeclarationContext {
  text: string;
  lines: LineIndex;
  exported: boolean;
  symbols: SymbolDefinition[];
  requires: ImportReference[];
}

/** Extracts definitions, imports and the first syntax errors of a JS/TS file with oxc-parser. */
export function extractTsFacts(path: string, text: string): FileFacts {
  const lines = new LineIndex(text);
  const language = /\.[cm]?tsx?$/i.test(path) ? 'typescript' : 'javascript';
  const result = parseSync(parserFileName(path), text, { sourceType: 'unambiguous' });
  const syntaxErrors = result.errors
    .filter((error) => error.severity === 'Error')
    .map((error) => {
      const offset = error.labels[0]?.start ?? 0;
      return { line: lines.lineOf(offset), column: lines.columnOf(offset), message: error.message };
    });
  const context: DeclarationContext = { text, lines, exported: false, symbols: [], requires: [] };
  for (const statement of result.program.body as unknown as AstNode[]) collectStatement(statement, context);
  const imports = [...moduleImports(result.module, text, lines), ...context.requires];
  const exportAliases = result.module.staticExports.flatMap((entry) =>
    entry.entries
      .filter((e) => e.moduleRequest === null && e.localName.name && e.exportName.name)
      .map((e) => ({ imported: e.exportName.name!, local: e.localName.name! })),
  );
  return {
    language,
    lineCount: lines.lineCount,
    symbols: context.symbols,
    imports,
    exportAliases,
    syntaxErrors,
  };
}

/** The file name oxc-parser infers its dialect from; JS files allow JSX (React projects use `.js`). */
function parserFileName(path: string): string {
  const extension = extname(path).toLowerCase();
  if (extension === '.mts' || extension === '.cts') return 'file.ts';
  if (extension === '.js' || extension === '.mjs' || extension === '.cjs') return 'file.jsx';
  return `file${extension || '.ts'}`;
}

function collectStatement(node: AstNode, context: DeclarationContext): void {
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
    const declaration = node.declaration as AstNode | null;
    if (declaration) {
      const isDefault = node.type === 'ExportDefaultDeclaration';
      collectDeclaration(
        declaration,
        node,
        { ...context, exported: true },
        isDefault ? 'default' : undefined,
      );
    }
    return;
  }
  collectDeclaration(node, node, context, undefined);
}

function collectDeclaration(
  node: AstNode,
  outer: AstNode,
  context: DeclarationContext,
  fallbackName?: string,
) {
  const kind = DECLARATION_KINDS[node.type];
  if (node.type === 'VariableDeclaration') return collectVariables(node, outer, context);
  if (!kind) {
    collectTsReferences(node, visitorKeys, context.requires, context.lines);
    return;
  }
  const name = (node.id as AstNode | null)?.name ?? fallbackName;
  if (typeof name !== 'string') return;
  addSymbol(context, { name, kind, node: outer, body: node.body as AstNode | undefined, references: node });
  if (node.type === 'ClassDeclaration') collectClassMembers(node, name, context);
}

const DECLARATION_KINDS: Record<string, SymbolKind> = {
  FunctionDeclaration: 'function',
  TSDeclareFunction: 'function',
  ClassDeclaration: 'class',
  TSInterfaceDeclaration: 'interface',
  TSTypeAliasDeclaration: 'type',
  TSEnumDeclaration: 'enum',
  TSModuleDeclaration: 'module',
};

function collectVariables(node: AstNode, outer: AstNode, context: DeclarationContext): void {
  const declarators = node.declarations as AstNode[];
  for (const declarator of declarators) {
    const id = declarator.id as AstNode;
    if (id.type !== 'Identifier') {
      collectTsReferences(declarator, visitorKeys, context.requires, context.lines);
      continue;
    }
    const init = declarator.init as AstNode | null;
    const isFunction = init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression';
    const isClass = init?.type === 'ClassExpression';
    const kind: SymbolKind = isFunction
      ? 'function'
      : isClass
        ? 'class'
        : node.kind === 'const'
          ? 'constant'
          : 'variable';
    const range = declarators.length === 1 ? outer : declarator;
    const body = isFunction || isClass ? (init!.body as AstNode) : undefined;
    addSymbol(context, { name: id.name as string, kind, node: range, body, references: declarator });
  }
}

function collectClassMembers(node: AstNode, className: string, context: DeclarationContext): void {
  for (const member of (node.body as AstNode).body as AstNode[]) {
    const key = member.key as AstNode | undefined;
    if (!key || member.computed || (key.type !== 'Identifier' && key.type !== 'PrivateIdentifier')) continue;
    const kind: SymbolKind =
      member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition'
        ? 'method'
        : 'variable';
    const value = member.value as AstNode | null;
    const body = kind === 'method' ? ((value?.body as AstNode | null) ?? undefined) : undefined;
    addSymbol(context, {
      name: key.name as string,
      kind,
      node: member,
      body,
      references: member,
      parent: className,
    });
  }
}

interface SymbolSpec {
  name: string;
  kind: SymbolKind;
  node: AstNode;
  body: AstNode | undefined;
  references: AstNode;
  parent?: string;
}

function addSymbol(context: DeclarationContext, spec: SymbolSpec): void {
  const { node, body } = spec;
  const { text, lines } = context;
  const names = collectTsReferences(spec.references, visitorKeys, context.requires, lines);
  names.delete(spec.name);
  context.symbols.push({
    name: spec.name,
    kind: spec.kind,
    start: node.start,
    end: node.end,
    startLine: lines.lineOf(node.start),
    endLine: lines.lineOf(Math.max(node.start, node.end - 1)),
    signature: signatureOf(text, node.start, body && body.start > node.start ? body.start : node.end),
    exported: context.exported,
    parent: spec.parent,
    references: [...names].sort(),
  });
}

/** The declaration text before its body, trimmed to a few lines. */
export function signatureOf(text: string, start: number, bodyStart: number): string {
  const head = text.slice(start, bodyStart).trimEnd();
  const lines = head.split('\n');
  if (lines.length <= SIGNATURE_MAX_LINES) return head;
  return `${lines.slice(0, SIGNATURE_MAX_LINES).join('\n')}\n…`;
}
