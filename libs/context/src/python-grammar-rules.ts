import type { Node } from 'web-tree-sitter';
import type { ImportReference } from './code-model.js';
import type { DefinitionMatch } from './definition-match.js';

/** Top-level functions, classes (with their methods) and assignments of a Python module. */
export function pythonDefinitions(root: Node): DefinitionMatch[] {
  const matches: DefinitionMatch[] = [];
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    const definition = unwrapDecorated(statement);
    if (definition.type === 'function_definition')
      matches.push(pythonDefinition(statement, definition, 'function'));
    else if (definition.type === 'class_definition') {
      const classMatch = pythonDefinition(statement, definition, 'class');
      matches.push(classMatch, ...pythonMethods(definition, classMatch.name));
    } else if (definition.type === 'expression_statement') matches.push(...pythonAssignments(definition));
  }
  return matches;
}

function unwrapDecorated(node: Node): Node {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function pythonDefinition(
  outer: Node,
  definition: Node,
  kind: 'function' | 'class' | 'method',
): DefinitionMatch {
  const name = definition.childForFieldName('name')?.text ?? '';
  return {
    name,
    kind,
    node: outer,
    body: definition.childForFieldName('body'),
    exported: !name.startsWith('_'),
  };
}

function pythonMethods(classNode: Node, className: string): DefinitionMatch[] {
  const body = classNode.childForFieldName('body');
  const methods: DefinitionMatch[] = [];
  for (const member of body?.namedChildren ?? []) {
    if (!member) continue;
    const definition = unwrapDecorated(member);
    if (definition.type !== 'function_definition') continue;
    methods.push({ ...pythonDefinition(member, definition, 'method'), parent: className });
  }
  return methods;
}

function pythonAssignments(statement: Node): DefinitionMatch[] {
  const assignment = statement.namedChild(0);
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  if (target?.type !== 'identifier') return [];
  const name = target.text;
  const kind = /^[A-Z][A-Z0-9_]*$/.test(name) ? 'constant' : 'variable';
  return [{ name, kind, node: statement, body: null, exported: !name.startsWith('_') }];
}

/** `import a.b as c` and `from .m import x, y as z` statements (module level and nested). */
export function pythonImports(root: Node): ImportReference[] {
  const imports: ImportReference[] = [];
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node) continue;
    const line = node.startPosition.row + 1;
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        const { imported, local } = aliasedName(name);
        imports.push({
          specifier: imported,
          line,
          kind: 'import',
          names: [{ imported: '*', local }],
          typeOnly: false,
        });
      }
      continue;
    }
    const specifier = node.childForFieldName('module_name')?.text ?? '';
    const names = node.childrenForFieldName('name').flatMap((name) => (name ? [aliasedName(name)] : []));
    const wildcard = node.namedChildren.some((child) => child?.type === 'wildcard_import');
    imports.push({
      specifier,
      line,
      kind: 'import',
      names: wildcard ? [{ imported: '*', local: '*' }] : names,
      typeOnly: false,
    });
  }
  return imports;
}

function aliasedName(node: Node): { imported: string; local: string } {
  if (node.type !== 'aliased_import') return { imported: node.text, local: node.text.split('.')[0]! };
  const imported = node.childForFieldName('name')?.text ?? node.text;
  return { imported, local: node.childForFieldName('alias')?.text ?? imported };
}
