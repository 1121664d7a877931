import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RepositoryNotFoundError } from './errors.js';
import { GitignoreRules } from './gitignore-rules.js';
import { languageOfPath } from './source-language.js';

/** Directory names never walked, whatever `.gitignore` says. */
export const ALWAYS_IGNORED_DIRECTORIES: readonly string[] = ['.git', '.maker', 'node_modules', 'dist'];

/** Options of {@link listSourceFiles}. */
export interface WalkOptions {
  /**
   * Files larger than this are skipped.
   * @defaultValue 1_048_576 (1 MiB)
   */
  maxFileBytes?: number;
  /**
   * At most this many files are listed (in walk order).
   * @defaultValue 50_000
   */
  maxFiles?: number;
}

/** What a walk of a repository found: source files and `package.json` manifests (repo-relative, sorted). */
export interface RepositoryListing {
  sourceFiles: string[];
  manifests: string[];
}

/** Source files of a repository (repo-relative POSIX paths, sorted), honouring `.gitignore` files. */
export async function listSourceFiles(rootDir: string, options: WalkOptions = {}): Promise<string[]> {
  return (await walkRepository(rootDir, options)).sourceFiles;
}

/** Walks a repository once for its source files and package manifests, honouring `.gitignore` files. */
export async function walkRepository(rootDir: string, options: WalkOptions = {}): Promise<RepositoryListing> {
  const rootStat = await stat(rootDir).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new RepositoryNotFoundError(rootDir);
  const maxFileBytes = options.maxFileBytes ?? 1_048_576;
  const maxFiles = options.maxFiles ?? 50_000;
  const rules = new GitignoreRules();
  const listing: RepositoryListing = { sourceFiles: [], manifests: [] };
  const pending: string[] = [''];
  while (pending.length > 0 && listing.sourceFiles.length < maxFiles) {
    const directory = pending.pop()!;
    const absolute = join(rootDir, directory);
    const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
    const gitignore = entries.find((entry) => entry.isFile() && entry.name === '.gitignore');
    if (gitignore) rules.add(directory, await readFile(join(absolute, '.gitignore'), 'utf8'));
    for (const entry of entries) {
      const path = directory ? `${directory}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ALWAYS_IGNORED_DIRECTORIES.includes(entry.name) && !rules.isIgnored(path, true))
          pending.push(path);
        continue;
      }
      if (!entry.isFile() || rules.isIgnored(path, false)) continue;
      if (entry.name === 'package.json') listing.manifests.push(path);
      else if (languageOfPath(path) && (await stat(join(rootDir, path))).size <= maxFileBytes) {
        listing.sourceFiles.push(path);
      }
    }
  }
  listing.sourceFiles = listing.sourceFiles.slice(0, maxFiles).sort();
  listing.manifests.sort();
  return listing;
}
