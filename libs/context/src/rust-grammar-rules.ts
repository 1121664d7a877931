import type { Node } from 'web-tree-sitter';
import type { ImportReference, SymbolKind } from './code-model.js';
import type { DefinitionMatch } from './definition-match.js';

const ITEM_KINDS: Record<string, SymbolKind> = {
  function_item: 'function',
  function_signature_item: 'function',
  struct_item: 'struct',
  enum_item: 'enum',
  union_item: 'struct',
  trait_item: 'trait',
  const_item: 'constant',
  static_item: 'variable',
  type_item: 'type',
  mod_item: 'module',
  macro_definition: 'macro',
};

/** Items of a Rust file, with the functions of `impl` blocks as methods. */
export function rustDefinitions(root: Node): DefinitionMatch[] {
  const matches: DefinitionMatch[] = [];
  for (const item of root.namedChildren) {
    if (!item) continue;
    const kind = ITEM_KINDS[item.type];
    if (kind) matches.push(rustItem(item, kind));
    else if (item.type === 'impl_item') matches.push(...rustImpl(item));
  }
  return matches;
}

function rustItem(item: Node, kind: SymbolKind, parent?: string): DefinitionMatch {
  const name = item.childForFieldName('name')?.text ?? '';
  const exported = item.namedChildren.some((child) => child?.type === 'visibility_modifier');
  return {
    name,
    kind: parent ? 'method' : kind,
    node: item,
    body: item.childForFieldName('body'),
    parent,
    exported,
  };
}

function rustImpl(item: Node): DefinitionMatch[] {
  const typeNode = item.childForFieldName('type');
  const typeName = typeNode?.descendantsOfType('type_identifier')[0]?.text ?? typeNode?.text ?? '';
  const traitName = item.childForFieldName('trait')?.text;
  const implName = traitName ? `${traitName} for ${typeName}` : typeName;
  const impl: DefinitionMatch = {
    name: implName,
    kind: 'impl',
    node: item,
    body: item.childForFieldName('body'),
    exported: false,
  };
  const members = item.childForFieldName('body')?.namedChildren ?? [];
  const methods = members
    .filter((member) => member?.type === 'function_item')
    .map((member) => rustItem(member!, 'method', typeName));
  return [impl, ...methods];
}

/** `use` declarations (braces expanded) and `mod name;` file modules. */
export function rustImports(root: Node): ImportReference[] {
  const imports: ImportReference[] = [];
  for (const node of root.descendantsOfType(['use_declaration', 'mod_item'])) {
    if (!node) continue;
    const line = node.startPosition.row + 1;
    if (node.type === 'mod_item') {
      if (node.childForFieldName('body')) continue;
      const name = node.childForFieldName('name')?.text ?? '';
      imports.push({
        specifier: name,
        line,
        kind: 'mod',
        names: [{ imported: '*', local: name }],
        typeOnly: false,
      });
      continue;
    }
    const argument = node.childForFieldName('argument');
    if (!argument) continue;
    for (const path of expandUsePaths(argument.text)) {
      const [fullPath, alias] = path.split(' as ');
      const segments = fullPath!.split('::');
      const imported = segments.pop()!;
      const specifier = imported === 'self' ? segments.join('::') : segments.join('::') || imported;
      const local = alias ?? (imported === 'self' ? segments.at(-1)! : imported);
      imports.push({
        specifier,
        line,
        kind: 'use',
        names: [{ imported: imported === 'self' ? '*' : imported, local }],
        typeOnly: false,
      });
    }
  }
  return imports;
}

/** Expands `a::{b, c::{d, e as f}}` into `a::b`, `a::c::d`, `a::c::e as f`. */
export function expandUsePaths(text: string): string[] {
  return expandNormalised(normaliseUseText(text));
}

function expandNormalised(text: string): string[] {
  const open = text.indexOf('{');
  if (open === -1) return [text];
  const prefix = text.slice(0, open);
  const inner = text.slice(open + 1, text.lastIndexOf('}'));
  return splitTopLevel(inner).flatMap((part) => expandNormalised(prefix + part));
}

function normaliseUseText(text: string): string {
  return text.replace(/\s*(::|[{},])\s*/g, '$1').replace(/\s+/g, ' ');
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((part) => part.length > 0);
}
