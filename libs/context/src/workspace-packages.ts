import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** A package of a JS/TS monorepo, found by its `package.json` inside the repository. */
export interface WorkspacePackage {
  name: string;
  /** Repo-relative directory ('' for the root). */
  dir: string;
  /** Repo-relative module bases its bare name may resolve to, best first (extension probing applies). */
  entryPoints: string[];
}

const BUILD_DIRECTORY = /^(dist|lib|build|out)\//;

/** Reads the named packages among the manifests; unreadable or nameless manifests are skipped. */
export async function readWorkspacePackages(
  rootDir: string,
  manifests: readonly string[],
): Promise<WorkspacePackage[]> {
  const packages: WorkspacePackage[] = [];
  for (const manifest of manifests) {
    const json = await readFile(join(rootDir, manifest), 'utf8')
      .then((text) => JSON.parse(text) as Record<string, unknown>)
      .catch(() => undefined);
    if (typeof json?.name !== 'string') continue;
    const dir = posix.dirname(manifest) === '.' ? '' : posix.dirname(manifest);
    packages.push({ name: json.name, dir, entryPoints: entryPointsOf(dir, json) });
  }
  return packages;
}

/** Declared entry points (`exports["."]`, `types`, `module`, `main`), each also mapped from a build dir to `src/`. */
function entryPointsOf(dir: string, manifest: Record<string, unknown>): string[] {
  const declared = [rootExport(manifest.exports), manifest.types, manifest.module, manifest.main];
  const entries: string[] = [];
  for (const value of declared) {
    if (typeof value !== 'string') continue;
    const relative = posix.normalize(value).replace(/^\.\//, '');
    entries.push(posix.join(dir, relative));
    if (BUILD_DIRECTORY.test(relative))
      entries.push(posix.join(dir, relative.replace(BUILD_DIRECTORY, 'src/')));
  }
  entries.push(posix.join(dir, 'src/index'), posix.join(dir, 'index'));
  return [...new Set(entries.map((entry) => entry.replace(/\.d\.ts$/, '.ts')))];
}

function rootExport(exports: unknown): unknown {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  const root = '.' in map ? map['.'] : map;
  if (typeof root === 'string') return root;
  if (!root || typeof root !== 'object') return undefined;
  const conditions = root as Record<string, unknown>;
  return [conditions.types, conditions.import, conditions.default, conditions.require].find(
    (v) => typeof v === 'string',
  );
}

/** Splits `@scope/name/sub/path` into the package name and the subpath. */
export function splitBareSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}
