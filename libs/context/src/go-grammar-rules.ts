import type { Node } from 'web-tree-sitter';
import type { ImportReference, SymbolKind } from './code-model.js';
import type { DefinitionMatch } from './definition-match.js';

const SPEC_KINDS: Record<string, SymbolKind> = {
  const_declaration: 'constant',
  var_declaration: 'variable',
};

/** Functions, methods, types, constants and variables of a Go file. */
export function goDefinitions(root: Node): DefinitionMatch[] {
  const matches: DefinitionMatch[] = [];
  for (const declaration of root.namedChildren) {
    if (!declaration) continue;
    if (declaration.type === 'function_declaration') matches.push(goFunction(declaration, 'function'));
    else if (declaration.type === 'method_declaration') matches.push(goFunction(declaration, 'method'));
    else if (declaration.type === 'type_declaration') matches.push(...goTypes(declaration));
    else if (SPEC_KINDS[declaration.type])
      matches.push(...goValues(declaration, SPEC_KINDS[declaration.type]!));
  }
  return matches;
}

function isExported(name: string): boolean {
  return /^[A-Z]/.test(name);
}

function goFunction(node: Node, kind: 'function' | 'method'): DefinitionMatch {
  const name = node.childForFieldName('name')?.text ?? '';
  const receiverType = node.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
  return {
    name,
    kind,
    node,
    body: node.childForFieldName('body'),
    parent: receiverType,
    exported: isExported(name),
  };
}

function goTypes(declaration: Node): DefinitionMatch[] {
  const specs = declaration.namedChildren.filter(
    (child) => child?.type === 'type_spec' || child?.type === 'type_alias',
  );
  return specs.flatMap((spec) => {
    const name = spec!.childForFieldName('name')?.text ?? '';
    const type = spec!.childForFieldName('type');
    const kind: SymbolKind =
      type?.type === 'struct_type' ? 'struct' : type?.type === 'interface_type' ? 'interface' : 'type';
    const node = specs.length === 1 ? declaration : spec!;
    return [{ name, kind, node, body: type, exported: isExported(name) }];
  });
}

function goValues(declaration: Node, kind: SymbolKind): DefinitionMatch[] {
  const specs = declaration.descendantsOfType(['const_spec', 'var_spec']);
  const matches: DefinitionMatch[] = [];
  for (const spec of specs) {
    const node = specs.length === 1 ? declaration : spec!;
    for (const name of spec!.childrenForFieldName('name')) {
      if (name) matches.push({ name: name.text, kind, node, body: null, exported: isExported(name.text) });
    }
  }
  return matches;
}

/** `import "path"` and `import alias "path"` specs. */
export function goImports(root: Node): ImportReference[] {
  return root.descendantsOfType('import_spec').flatMap((spec) => {
    if (!spec) return [];
    const path = spec.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
    const alias = spec.childForFieldName('name')?.text ?? path.split('/').pop()!;
    return [
      {
        specifier: path,
        line: spec.startPosition.row + 1,
        kind: 'import',
        names: [{ imported: '*', local: alias }],
        typeOnly: false,
      },
    ];
  });
}
