import type { parseSync } from 'oxc-parser';
import type { ImportReference } from './code-model.js';
import type { LineIndex } from './line-index.js';

type EcmaScriptModule = ReturnType<typeof parseSync>['module'];

/** Static imports, re-exports and literal dynamic imports that oxc-parser lists for a module. */
export function moduleImports(module: EcmaScriptModule, text: string, lines: LineIndex) {
  const imports: ImportReference[] = [];
  for (const statement of module.staticImports) {
    imports.push({
      specifier: statement.moduleRequest.value,
      line: lines.lineOf(statement.start),
      kind: 'import',
      names: statement.entries.map((entry) => ({
        imported:
          entry.importName.kind === 'Name' ? entry.importName.name! : importKindName(entry.importName.kind),
        local: entry.localName.value,
      })),
      typeOnly: statement.entries.length > 0 && statement.entries.every((entry) => entry.isType),
    });
  }
  for (const statement of module.staticExports) {
    const request = statement.entries.find((entry) => entry.moduleRequest)?.moduleRequest;
    if (!request) continue;
    const all = statement.entries.some((entry) => entry.importName.kind === 'AllButDefault');
    imports.push({
      specifier: request.value,
      line: lines.lineOf(statement.start),
      kind: all ? 'reexport-all' : 'reexport',
      names: statement.entries.map((entry) => ({
        imported: entry.importName.name ?? '*',
        local: entry.exportName.name ?? '*',
      })),
      typeOnly: statement.entries.every((entry) => entry.isType),
    });
  }
  for (const dynamic of module.dynamicImports) {
    const literal = /^\s*(['"`])([^'"`]+)\1\s*$/.exec(
      text.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end),
    );
    if (!literal) continue;
    imports.push({
      specifier: literal[2]!,
      line: lines.lineOf(dynamic.start),
      kind: 'dynamic',
      names: [],
      typeOnly: false,
    });
  }
  return imports;
}

function importKindName(kind: string): string {
  return kind === 'Default' ? 'default' : '*';
}
