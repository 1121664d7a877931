import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from './errors.js';
import type { GitRequest } from './git-runner.js';
import { ShadowRepo } from './shadow-repo.js';
import { rawShadowGit, type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

let tmp: TempDir;
let ws: string;

beforeEach(() => {
  tmp = tempDir();
  ws = tmp.dir;
  writeFiles(ws, { 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n', 'docs/guide.md': 'guide\n' });
});
afterEach(() => tmp.dispose());

async function openCounting(): Promise<{ repo: ShadowRepo; calls: GitRequest[] }> {
  const calls: GitRequest[] = [];
  const repo = await ShadowRepo.open(ws, { onGitCommand: (request) => calls.push(request) });
  await repo.startPlan('p1');
  calls.length = 0;
  return { repo, calls };
}

describe('TaskCheckout laziness', () => {
  it('starts no git process for a task that only reads, lists, checks, rolls back and commits nothing', async () => {
    const { repo, calls } = await openCounting();
    const checkout = repo.taskCheckout('p1', 'reader', 1);
    expect(await checkout.readFile('src/a.ts')).toBe('a1\n');
    expect(await checkout.fileExists('src/b.ts')).toBe(true);
    expect(await checkout.fileExists('missing.ts')).toBe(false);
    expect(await checkout.listFiles('src/**')).toEqual(['src/a.ts', 'src/b.ts']);
    expect(await checkout.deleteFile('missing.ts')).toBe(false);
    await checkout.rollback();
    expect(await checkout.snapshots()).toEqual([]);
    expect(await checkout.commit('nothing')).toBeNull();
    expect(calls).toEqual([]);
    expect(existsSync(checkout.dir)).toBe(false);
  });

  it('creates the checkout on the first write, isolated from the workspace and from sibling tasks', async () => {
    const { repo, calls } = await openCounting();
    const first = repo.taskCheckout('p1', 't1', 1);
    const second = repo.taskCheckout('p1', 't2', 1);
    await first.writeFile('src/a.ts', 'a2\n');
    expect(calls.length).toBeGreaterThan(0);
    expect(await first.readFile('src/a.ts')).toBe('a2\n');
    expect(await second.readFile('src/a.ts')).toBe('a1\n');
    expect(await repo.taskCheckout('p1', 't1', 1).readFile('src/a.ts')).toBe('a2\n');
    expect(await first.listFiles()).toEqual(['docs/guide.md', 'src/a.ts', 'src/b.ts']);
  });

  it('returns null from commit when the files equal the starting point, and the same commit when repeated', async () => {
    const { repo } = await openCounting();
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('src/a.ts', 'a1\n');
    expect(await checkout.commit('no change')).toBeNull();
    await checkout.writeFile('src/a.ts', 'a2\n');
    const commit = await checkout.commit('change');
    expect(await checkout.commit('change again')).toBe(commit);
    expect(rawShadowGit(path.join(ws, '.maker/shadow.git'), 'log', '-1', '--format=%B', commit!)).toContain(
      'Maker-Task: t1',
    );
  });

  it('is reconstructed by another process from (workspace, plan, task, attempt) alone', async () => {
    const { repo } = await openCounting();
    await repo.taskCheckout('p1', 't1', 1).writeFile('new.txt', 'from executor\n');
    const elsewhere = await ShadowRepo.open(ws);
    const same = elsewhere.taskCheckout('p1', 't1', 1);
    expect(await same.readFile('new.txt')).toBe('from executor\n');
    const commit = await same.commit('committed by the orchestrator');
    const merged = await elsewhere.mergeTask('p1', 't1', 1, commit!);
    expect(rawShadowGit(path.join(ws, '.maker/shadow.git'), 'show', `${merged.commit}:new.txt`)).toBe(
      'from executor',
    );
  });
});

describe('TaskCheckout snapshots', () => {
  it('rolls back to the latest snapshot, removing files created since and restoring files deleted since', async () => {
    const { repo } = await openCounting();
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('src/a.ts', 'a2\n');
    const id = await checkout.snapshot('after a2');
    await checkout.writeFile('src/a.ts', 'a3\n');
    await checkout.writeFile('src/created.ts', 'new\n');
    await checkout.deleteFile('src/b.ts');
    await checkout.rollback();
    expect(await checkout.readFile('src/a.ts')).toBe('a2\n');
    expect(await checkout.fileExists('src/created.ts')).toBe(false);
    expect(await checkout.readFile('src/b.ts')).toBe('b1\n');
    expect((await checkout.snapshots()).map((s) => [s.id, s.message])).toEqual([[id, 'after a2']]);
  });

  it('rolls back to the starting point when no snapshot was taken', async () => {
    const { repo } = await openCounting();
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('src/created.ts', 'new\n');
    await checkout.deleteFile('docs/guide.md');
    await checkout.rollback();
    expect(await checkout.listFiles()).toEqual(['docs/guide.md', 'src/a.ts', 'src/b.ts']);
    expect(await checkout.commit('nothing left')).toBeNull();
  });

  it('rolls back to a named snapshot and forgets the snapshots taken after it', async () => {
    const { repo } = await openCounting();
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('v.txt', '1\n');
    const one = await checkout.snapshot('one');
    await checkout.writeFile('v.txt', '2\n');
    await checkout.snapshot('two');
    await checkout.writeFile('v.txt', '3\n');
    await checkout.rollbackTo(one);
    expect(await checkout.readFile('v.txt')).toBe('1\n');
    expect((await checkout.snapshots()).map((s) => s.message)).toEqual(['one']);
    await checkout.writeFile('v.txt', '4\n');
    await checkout.rollback();
    expect(await checkout.readFile('v.txt')).toBe('1\n');
    await expect(checkout.rollbackTo('99')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leaves snapshots out of the merged result: the task commit has the checkout start as its only parent', async () => {
    const { repo } = await openCounting();
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('v.txt', '1\n');
    await checkout.snapshot('one');
    await checkout.writeFile('v.txt', '2\n');
    const commit = await checkout.commit('done');
    const shadow = path.join(ws, '.maker/shadow.git');
    expect(rawShadowGit(shadow, 'rev-list', '--parents', '-1', commit!).split(' ')).toHaveLength(2);
    expect(rawShadowGit(shadow, 'rev-parse', `${commit}^`)).toBe(
      rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head'),
    );
  });
});
