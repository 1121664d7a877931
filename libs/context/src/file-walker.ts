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

/** Source files of a repository (repo-relative POSIX paths, sorted), honouring `.gitignore` files. */
export async function listSourceFiles(rootDir: string, options: WalkOptions = {}): Promise<string[]> {
  const rootStat = await stat(rootDir).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new RepositoryNotFoundError(rootDir);
  const maxFileBytes = options.maxFileBytes ?? 1_048_576;
  const maxFiles = options.maxFiles ?? 50_000;
  const rules = new GitignoreRules();
  const files: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0 && files.length < maxFiles) {
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
      } else if (entry.isFile() && languageOfPath(path) && !rules.isIgnored(path, false)) {
        const size = (await stat(join(rootDir, path))).size;
        if (size <= maxFileBytes) files.push(path);
      }
    }
  }
  return files.slice(0, maxFiles).sort();
}
