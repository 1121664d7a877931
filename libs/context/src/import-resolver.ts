import { posix } from 'node:path';
import type { ImportReference, SourceLanguage } from './code-model.js';
import { splitBareSpecifier, type WorkspacePackage } from './workspace-packages.js';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** What the resolver knows about the repository: its files and project metadata. */
export interface ResolverContext {
  files: ReadonlySet<string>;
  /** Go module path from `go.mod`, if any. */
  goModulePath?: string;
  /** JS/TS workspace packages by name, for bare specifiers. */
  packages?: ReadonlyMap<string, WorkspacePackage>;
}

/** Resolves an import to the repository files it refers to (empty for external packages). */
export function resolveImport(
  fromFile: string,
  language: SourceLanguage,
  reference: ImportReference,
  context: ResolverContext,
): string[] {
  switch (language) {
    case 'typescript':
    case 'javascript':
      return optional(
        resolveTsSpecifier(fromFile, reference.specifier, context.files) ??
          resolveWorkspaceSpecifier(reference.specifier, context),
      );
    case 'python':
      return resolvePythonImport(fromFile, reference, context.files);
    case 'go':
      return resolveGoImport(reference.specifier, context);
    case 'rust':
      return optional(resolveRustImport(fromFile, reference, context.files));
  }
}

function optional(file: string | undefined): string[] {
  return file ? [file] : [];
}

function firstExisting(candidates: string[], files: ReadonlySet<string>): string | undefined {
  return candidates.find((candidate) => files.has(candidate));
}

/** Relative specifiers with NodeNext `.js` → `.ts` mapping, extension probing and index files. */
export function resolveTsSpecifier(
  fromFile: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | undefined {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier)).replace(/\/$/, '');
  return probeTsModule(base, files);
}

/** A module base with NodeNext `.js` → `.ts` mapping, extension probing and index files (first hit wins). */
function probeTsModule(base: string, files: ReadonlySet<string>): string | undefined {
  if (files.has(base)) return base;
  const extension = posix.extname(base);
  const stem = base.slice(0, base.length - extension.length);
  for (const ts of JS_TO_TS[extension] ?? []) if (files.has(stem + ts)) return stem + ts;
  for (const ext of TS_EXTENSIONS) if (files.has(base + ext)) return base + ext;
  for (const ext of TS_EXTENSIONS) if (files.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
  return undefined;
}

/** Bare specifiers naming a package of the repository itself (monorepo workspaces). */
function resolveWorkspaceSpecifier(specifier: string, context: ResolverContext): string | undefined {
  if (!context.packages || specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const { name, subpath } = splitBareSpecifier(specifier);
  const workspace = context.packages.get(name);
  if (!workspace) return undefined;
  const bases = subpath
    ? [posix.join(workspace.dir, subpath), posix.join(workspace.dir, 'src', subpath)]
    : workspace.entryPoints;
  for (const base of bases) {
    const found = probeTsModule(base, context.files);
    if (found) return found;
  }
  return undefined;
}

function resolvePythonImport(
  fromFile: string,
  reference: ImportReference,
  files: ReadonlySet<string>,
): string[] {
  const dots = /^\.*/.exec(reference.specifier)![0].length;
  const modulePath = reference.specifier.slice(dots).split('.').filter(Boolean).join('/');
  const roots = dots > 0 ? [relativeRoot(fromFile, dots)] : ['', 'src', posix.dirname(fromFile)];
  const targets = new Set<string>();
  for (const root of roots) {
    const base = posix.join(root, modulePath);
    const module = firstExisting([`${base}.py`, posix.join(base, '__init__.py')], files);
    if (module) targets.add(module);
    for (const name of reference.names) {
      const submodule = firstExisting(
        [posix.join(base, `${name.imported}.py`), posix.join(base, name.imported, '__init__.py')],
        files,
      );
      if (submodule) targets.add(submodule);
    }
    if (targets.size > 0) break;
  }
  return [...targets];
}

function relativeRoot(fromFile: string, dots: number): string {
  let directory = posix.dirname(fromFile);
  for (let level = 1; level < dots; level++) directory = posix.dirname(directory);
  return directory === '.' ? '' : directory;
}

function resolveGoImport(specifier: string, context: ResolverContext): string[] {
  const modulePath = context.goModulePath;
  if (!modulePath || (specifier !== modulePath && !specifier.startsWith(`${modulePath}/`))) return [];
  const directory = specifier.slice(modulePath.length + 1);
  return [...context.files].filter(
    (file) =>
      file.endsWith('.go') && !file.endsWith('_test.go') && posix.dirname(file) === (directory || '.'),
  );
}

function resolveRustImport(
  fromFile: string,
  reference: ImportReference,
  files: ReadonlySet<string>,
): string | undefined {
  if (reference.kind === 'mod')
    return firstExisting(rustModuleFiles(rustModuleDir(fromFile), reference.specifier), files);
  const segments = reference.specifier.split('::');
  let directory: string;
  if (segments[0] === 'crate') directory = rustCrateRoot(fromFile, files);
  else if (segments[0] === 'self') directory = rustModuleDir(fromFile);
  else if (segments[0] === 'super') directory = posix.dirname(rustModuleDir(fromFile));
  else return undefined;
  const rest = segments.slice(1).filter((segment) => segment !== 'self' && segment !== 'super');
  for (let length = rest.length; length > 0; length--) {
    const found = firstExisting(rustModuleFiles(directory, rest.slice(0, length).join('/')), files);
    if (found) return found;
  }
  return undefined;
}

function rustModuleFiles(directory: string, modulePath: string): string[] {
  const base = posix.join(directory, modulePath);
  return [`${base}.rs`, posix.join(base, 'mod.rs')];
}

/** The directory holding a Rust module's child modules. */
function rustModuleDir(file: string): string {
  const name = posix.basename(file, '.rs');
  const directory = posix.dirname(file);
  return ['mod', 'lib', 'main'].includes(name) ? directory : posix.join(directory, name);
}

function rustCrateRoot(fromFile: string, files: ReadonlySet<string>): string {
  for (let directory = posix.dirname(fromFile); ; directory = posix.dirname(directory)) {
    if (files.has(posix.join(directory, 'lib.rs')) || files.has(posix.join(directory, 'main.rs')))
      return directory;
    if (directory === '.' || directory === '/') return 'src';
  }
}
