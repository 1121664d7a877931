import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShadowRepo } from './shadow-repo.js';
import {
  hashTree,
  rawShadowGit,
  type TempDir,
  tempDir,
  userGit,
  writeFiles,
} from './testing/temp-workspace.js';

let tmp: TempDir;
let ws: string;

beforeEach(() => {
  tmp = tempDir();
  ws = tmp.dir;
  userGit(ws, 'init', '-q', '-b', 'main');
  writeFiles(ws, { 'src/app.ts': 'app v1\n', 'src/util.ts': 'util v1\n', '.gitignore': 'dist/\n' });
  userGit(ws, 'add', '-A');
  userGit(ws, 'commit', '-q', '-m', 'first');
  userGit(ws, 'branch', 'feature');
  writeFiles(ws, { 'src/app.ts': 'app v2 (staged)\n' });
  userGit(ws, 'add', 'src/app.ts');
  writeFiles(ws, {
    'src/util.ts': 'util v2 (unstaged)\n',
    'notes.txt': 'untracked\n',
    'dist/out.js': 'ignored\n',
  });
});
afterEach(() => tmp.dispose());

async function runFullLifecycle(repo: ShadowRepo): Promise<void> {
  await repo.startPlan('p1');
  await repo.snapshotGroup('p1', 'g1', 'group 1');
  for (const task of ['t1', 't2', 't3']) {
    const checkout = repo.taskCheckout('p1', task, 1);
    await checkout.writeFile(`src/${task}.ts`, `${task}\n`);
    await checkout.snapshot(`${task} snapshot`);
    await checkout.writeFile(`src/${task}-extra.ts`, 'extra\n');
    await checkout.rollback();
    await repo.mergeTask('p1', task, 1, (await checkout.commit(task))!);
  }
  await repo.syncWorkspace('p1');
  await repo.snapshotGroup('p1', 'g2', 'group 2');
  const failed = repo.taskCheckout('p1', 't4', 1);
  await failed.writeFile('src/util.ts', 'broken\n');
  await repo.discardTask('p1', 't4', 1);
  await repo.rollbackPlan('p1', 'group:g1');
  await repo.syncWorkspace('p1');
  await repo.rollbackPlan('p1', 'group:g2');
  await repo.syncWorkspace('p1');
  await repo.verifyIntegrity();
}

describe('isolation from the user repository', () => {
  it('never writes a byte of the user .git (branches, index, config, history) during a full plan lifecycle', async () => {
    const before = hashTree(path.join(ws, '.git'));
    await runFullLifecycle(await ShadowRepo.open(ws));
    expect(hashTree(path.join(ws, '.git'))).toEqual(before);
  });

  it('keeps .maker/ out of the user git status without writing .git/info/exclude', async () => {
    const exclude = readFileSync(path.join(ws, '.git/info/exclude'), 'utf8');
    await runFullLifecycle(await ShadowRepo.open(ws));
    const status = userGit(ws, 'status', '--porcelain', '--untracked-files=all', '--ignored=no');
    expect(status).not.toContain('.maker');
    expect(status.split('\n').sort()).toEqual(
      [
        '?? notes.txt',
        '?? src/t1.ts',
        '?? src/t2.ts',
        '?? src/t3.ts',
        'M  src/app.ts',
        ' M src/util.ts',
      ].sort(),
    );
    expect(readFileSync(path.join(ws, '.git/info/exclude'), 'utf8')).toBe(exclude);
    expect(userGit(ws, 'log', '--all', '--format=%s')).toBe('first');
  });

  it('snapshots the working files as found, without .git and honouring the user .gitignore', async () => {
    const repo = await ShadowRepo.open(ws);
    const { base } = await repo.startPlan('p1');
    const shadow = path.join(ws, '.maker/shadow.git');
    const files = rawShadowGit(shadow, 'ls-tree', '-r', '--name-only', base).split('\n');
    expect(files.sort()).toEqual(['.gitignore', 'notes.txt', 'src/app.ts', 'src/util.ts']);
    expect(rawShadowGit(shadow, 'show', `${base}:src/util.ts`)).toBe('util v2 (unstaged)');
  });
});
