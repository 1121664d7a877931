import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  lstatSync,
  readlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary directory removed by `dispose()`. */
export interface TempDir {
  readonly dir: string;
  dispose(): void;
}

/** Creates a temporary directory under os.tmpdir(). */
export function tempDir(prefix = 'shadow-git-'): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (relative path → content) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

const USER_GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'User',
  GIT_AUTHOR_EMAIL: 'user@example.com',
  GIT_COMMITTER_NAME: 'User',
  GIT_COMMITTER_EMAIL: 'user@example.com',
};

/** Runs the user's own git (not MAKER's) in `cwd`, returning trimmed stdout. */
export function userGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: USER_GIT_ENV, encoding: 'utf8' }).trim();
}

/** Runs git directly against a shadow git dir (behind MAKER's back). */
export function rawShadowGit(gitDir: string, ...args: string[]): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    env: USER_GIT_ENV,
    encoding: 'utf8',
  }).trim();
}

/** Hashes every file (and symlink target) under `dir`: path → sha256. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const visit = (relative: string): void => {
    const full = path.join(dir, relative);
    const info = lstatSync(full);
    if (info.isSymbolicLink()) hashes.set(relative, `link:${readlinkSync(full)}`);
    else if (info.isDirectory()) for (const name of readdirSync(full)) visit(path.join(relative, name));
    else hashes.set(relative, createHash('sha256').update(readFileSync(full)).digest('hex'));
  };
  visit('');
  return hashes;
}
