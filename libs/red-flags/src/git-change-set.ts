import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BeforeReader, ChangedFile } from './change-set.js';
import { GitChangeError } from './errors.js';

const run = promisify(execFile);

/** The uncommitted change of a git checkout against a base revision. */
export interface GitChangeSet {
  changes: ChangedFile[];
  /** Reads a file at the base revision (`git show <base>:<path>`). */
  readBefore: BeforeReader;
}

async function git(repoDir: string, args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd: repoDir, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new GitChangeError(`git ${args.join(' ')} failed in ${repoDir}: ${String(error)}`);
  }
}

/**
 * Changed files of the working tree (tracked changes and untracked, non-ignored files) against
 * `base`, with a reader of the base versions. Renames appear as a deletion and an addition.
 * @defaultValue base `HEAD`
 */
export async function gitChangeSet(repoDir: string, base = 'HEAD'): Promise<GitChangeSet> {
  const diff = await git(repoDir, ['diff', '--name-status', '--no-renames', '-z', base, '--']);
  const untracked = await git(repoDir, ['ls-files', '--others', '--exclude-standard', '-z']);
  const changes: ChangedFile[] = [];
  const fields = diff.split('\0').filter(Boolean);
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const status = fields[index]!.startsWith('A')
      ? 'added'
      : fields[index]!.startsWith('D')
        ? 'deleted'
        : 'modified';
    changes.push({ path: fields[index + 1]!, status });
  }
  for (const path of untracked.split('\0').filter(Boolean)) changes.push({ path, status: 'added' });
  const readBefore: BeforeReader = async (path) => {
    try {
      return (await run('git', ['show', `${base}:${path}`], { cwd: repoDir, maxBuffer: 64 * 1024 * 1024 }))
        .stdout;
    } catch {
      return undefined;
    }
  };
  return { changes, readBefore };
}
