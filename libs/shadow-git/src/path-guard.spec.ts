import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathEscapeError } from './errors.js';
import { ShadowRepo } from './shadow-repo.js';
import type { TaskCheckout } from './task-checkout.js';
import { type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

let tmp: TempDir;
let outside: TempDir;
let repo: ShadowRepo;
let fresh: TaskCheckout;
let written: TaskCheckout;

beforeAll(async () => {
  tmp = tempDir();
  outside = tempDir('shadow-git-outside-');
  writeFileSync(path.join(outside.dir, 'secret.txt'), 'secret\n');
  writeFiles(tmp.dir, { 'src/a.ts': 'a\n', 'inner/target.txt': 't\n' });
  symlinkSync(outside.dir, path.join(tmp.dir, 'planted-dir'));
  symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(tmp.dir, 'planted-file'));
  symlinkSync('../../', path.join(tmp.dir, 'inner', 'up-two'));
  symlinkSync('target.txt', path.join(tmp.dir, 'inner', 'ok-link'));
  mkdirSync(path.join(tmp.dir, 'empty'));
  repo = await ShadowRepo.open(tmp.dir);
  await repo.startPlan('p1');
  fresh = repo.taskCheckout('p1', 'reader', 1);
  written = repo.taskCheckout('p1', 'writer', 1);
  await written.writeFile('src/a.ts', 'changed\n');
});
afterAll(() => {
  tmp.dispose();
  outside.dispose();
});

const escapes = [
  ['an absolute path', () => path.join(outside.dir, 'secret.txt'), 'path_absolute'],
  ['a parent escape', () => '../outside.txt', 'path_parent_escape'],
  ['a parent escape after a detour', () => 'src/../../outside.txt', 'path_parent_escape'],
  ['a planted symlink to a directory outside', () => 'planted-dir/secret.txt', 'path_symlink_escape'],
  ['a planted symlink to a file outside', () => 'planted-file', 'path_symlink_escape'],
  ['a relative symlink climbing out', () => 'inner/up-two/etc/passwd', 'path_symlink_escape'],
  ['the user .git directory', () => '.git/config', 'path_reserved'],
  ['a nested .git directory', () => 'src/.git/hooks/pre-commit', 'path_reserved'],
  ['a .git in another case', () => '.GIT/HEAD', 'path_reserved'],
  ['the .maker directory', () => '.maker/shadow.git/HEAD', 'path_reserved'],
  ['.maker reached through a dot segment', () => './src/../.maker/x', 'path_reserved'],
  ['an empty path', () => '', 'path_invalid'],
  ['a NUL byte', () => 'a\0b', 'path_invalid'],
  ['the root itself', () => 'src/..', 'path_invalid'],
] as const;

describe('path confinement', () => {
  it.each(escapes)(
    'refuses %s for writes, naming the path and the reason',
    async (_name, requested, code) => {
      const error = await written.writeFile(requested(), 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PathEscapeError);
      expect((error as PathEscapeError).code).toBe(code);
      expect((error as PathEscapeError).path).toBe(requested());
    },
  );

  it.each(escapes)('refuses %s for reads before the checkout exists', async (_name, requested, code) => {
    await expect(fresh.readFile(requested())).rejects.toMatchObject({ code, path: requested() });
  });

  it.each(escapes)('refuses %s for deletes and existence checks', async (_name, requested, code) => {
    await expect(written.deleteFile(requested())).rejects.toMatchObject({ code });
    await expect(written.fileExists(requested())).rejects.toMatchObject({ code });
  });

  it('follows symlinks that stay inside the checkout', async () => {
    expect(await fresh.readFile('inner/ok-link')).toBe('t\n');
    expect(await written.readFile('inner/ok-link')).toBe('t\n');
  });

  it('never wrote outside the workspace', async () => {
    expect(await fresh.readFile('src/a.ts')).toBe('a\n');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(outside.dir)).toEqual(['secret.txt']);
  });
});
