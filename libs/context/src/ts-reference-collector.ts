import type { ImportReference } from './code-model.js';
import type { LineIndex } from './line-index.js';

/** A loosely typed ESTree node from oxc-parser. */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Child keys whose identifiers are property names, not references, unless `computed`. */
const NAME_KEYS: Record<string, string> = {
  MemberExpression: 'property',
  Property: 'key',
  MethodDefinition: 'key',
  PropertyDefinition: 'key',
  TSPropertySignature: 'key',
  TSMethodSignature: 'key',
  TSQualifiedName: 'right',
};

/**
 * Collects the identifier names used inside `root` (property names excluded) and records
 * `require('x')` calls into `requires`.
 */
export function collectTsReferences(
  root: AstNode,
  keys: Record<string, string[]>,
  requires: ImportReference[],
  lines: LineIndex,
): Set<string> {
  const names = new Set<string>();
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Identifier' || node.type === 'JSXIdentifier') names.add(node.name as string);
    else if (node.type === 'CallExpression') recordRequire(node, requires, lines);
    const skipKey = node.computed ? undefined : NAME_KEYS[node.type];
    for (const key of keys[node.type] ?? []) {
      if (key === skipKey) continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object') stack.push(item as AstNode);
      } else if (child && typeof child === 'object') stack.push(child as AstNode);
    }
  }
  return names;
}

function recordRequire(node: AstNode, requires: ImportReference[], lines: LineIndex): void {
  const callee = node.callee as AstNode;
  const args = node.arguments as AstNode[];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || args.length !== 1) return;
  const argument = args[0]!;
  if (argument.type !== 'Literal' || typeof argument.value !== 'string') return;
  requires.push({
    specifier: argument.value,
    line: lines.lineOf(node.start),
    kind: 'require',
    names: [],
    typeOnly: false,
  });
}
