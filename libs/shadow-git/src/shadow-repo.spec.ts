import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidIdentifierError, MergeConflictError, NotFoundError, WorkspaceSyncError } from './errors.js';
import { ShadowRepo } from './shadow-repo.js';
import { rawShadowGit, type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

let tmp: TempDir;
let ws: string;
let shadow: string;

beforeEach(() => {
  tmp = tempDir();
  ws = tmp.dir;
  shadow = path.join(ws, '.maker/shadow.git');
  writeFiles(ws, {
    'src/a.ts': 'export const a = 1;\n',
    'README.md': '# demo\n',
    '.gitignore': 'node_modules/\n',
  });
});
afterEach(() => tmp.dispose());

async function commitTask(repo: ShadowRepo, task: string, files: Record<string, string>): Promise<string> {
  const checkout = repo.taskCheckout('p1', task, 1);
  for (const [file, content] of Object.entries(files)) await checkout.writeFile(file, content);
  return (await checkout.commit(`${task} result`))!;
}

const readWs = (file: string) => readFileSync(path.join(ws, file), 'utf8');

describe('ShadowRepo plan lifecycle', () => {
  it('commits the workspace as found (honouring .gitignore) as the plan base, idempotently', async () => {
    writeFiles(ws, { 'node_modules/x/index.js': 'ignored\n' });
    const repo = await ShadowRepo.open(ws);
    const { base, head } = await repo.startPlan('p1');
    expect(head).toBe(base);
    const files = rawShadowGit(shadow, 'ls-tree', '-r', '--name-only', base);
    expect(files.split('\n').sort()).toEqual(['.gitignore', 'README.md', 'src/a.ts']);
    expect(await repo.startPlan('p1')).toEqual({ base, head });
    expect(rawShadowGit(shadow, 'log', '-1', '--format=%an <%ae>', base)).toBe('MAKER <maker@localhost>');
  });

  it('merges a task commit into the integration ref and syncs only the changed files to the workspace', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const untouched = statSync(path.join(ws, '.gitignore'));
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('src/a.ts', 'export const a = 2;\n');
    await checkout.writeFile('src/new.ts', 'export const n = 1;\n');
    await checkout.deleteFile('README.md');
    const commit = await checkout.commit('t1 result');
    const merged = await repo.mergeTask('p1', 't1', 1, commit!);
    expect(merged.alreadyMerged).toBe(false);
    expect(readWs('src/a.ts')).toBe('export const a = 1;\n');
    expect(await repo.syncWorkspace('p1')).toEqual({ commit: merged.commit, updated: true });
    expect(readWs('src/a.ts')).toBe('export const a = 2;\n');
    expect(readWs('src/new.ts')).toBe('export const n = 1;\n');
    expect(existsSync(path.join(ws, 'README.md'))).toBe(false);
    const after = statSync(path.join(ws, '.gitignore'));
    expect([after.ino, after.mtimeMs]).toEqual([untouched.ino, untouched.mtimeMs]);
    expect(await repo.syncWorkspace('p1')).toEqual({ commit: merged.commit, updated: false });
  });

  it('treats a second merge of the same plan, task and attempt as a no-op returning the same commit', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const commit = await commitTask(repo, 't1', { 'b.txt': 'b\n' });
    const first = await repo.mergeTask('p1', 't1', 1, commit);
    const reopened = await ShadowRepo.open(ws);
    const second = await reopened.mergeTask('p1', 't1', 1, commit);
    expect(second).toEqual({ commit: first.commit, alreadyMerged: true });
    expect(rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head')).toBe(first.commit);
  });

  it('reports conflicting merges as MergeConflictError naming the files, leaving the integration ref alone', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const left = await commitTask(repo, 't1', { 'src/a.ts': 'left\n', 'x.txt': 'x\n' });
    const right = await commitTask(repo, 't2', { 'src/a.ts': 'right\n', 'y.txt': 'y\n' });
    const { commit: head } = await repo.mergeTask('p1', 't1', 1, left);
    const error = await repo.mergeTask('p1', 't2', 1, right).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeConflictError);
    expect((error as MergeConflictError).files).toEqual(['src/a.ts']);
    expect((error as MergeConflictError).code).toBe('merge_conflict');
    expect(rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head')).toBe(head);
  });

  it('discards a failed attempt without touching the integration ref or a sibling checkout', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const sibling = repo.taskCheckout('p1', 't2', 1);
    await sibling.writeFile('sibling.txt', 'kept\n');
    const failed = repo.taskCheckout('p1', 't1', 1);
    await failed.writeFile('failed.txt', 'dropped\n');
    await failed.snapshot('before failure');
    const headBefore = rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head');
    await repo.discardTask('p1', 't1', 1);
    expect(existsSync(failed.dir)).toBe(false);
    expect(rawShadowGit(shadow, 'for-each-ref', 'refs/maker/tasks/p1/t1/')).toBe('');
    expect(rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head')).toBe(headBefore);
    expect(await sibling.readFile('sibling.txt')).toBe('kept\n');
    await expect(repo.verifyIntegrity()).resolves.toBeUndefined();
  });

  it('rolls a plan back to a group snapshot with a new commit, keeping the history', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const group1 = await repo.snapshotGroup('p1', 'g1', 'group 1 ready');
    expect(await repo.snapshotGroup('p1', 'g1', 'again')).toEqual(group1);
    const { commit: merged } = await repo.mergeTask(
      'p1',
      't1',
      1,
      await commitTask(repo, 't1', { 'b.txt': 'b\n' }),
    );
    await repo.snapshotGroup('p1', 'g2', 'group 2 ready');
    const { commit: restored } = await repo.rollbackPlan('p1', 'group:g1');
    expect(rawShadowGit(shadow, 'rev-parse', `${restored}^`)).toBe(merged);
    expect(rawShadowGit(shadow, 'rev-parse', `${restored}^{tree}`)).toBe(
      rawShadowGit(shadow, 'rev-parse', `${group1.commit}^{tree}`),
    );
    await repo.syncWorkspace('p1');
    expect(existsSync(path.join(ws, 'b.txt'))).toBe(false);
    const { commit: forward } = await repo.rollbackPlan('p1', merged);
    expect(rawShadowGit(shadow, 'rev-parse', `${forward}^{tree}`)).toBe(
      rawShadowGit(shadow, 'rev-parse', `${merged}^{tree}`),
    );
    await repo.syncWorkspace('p1');
    expect(readWs('b.txt')).toBe('b\n');
    const ids = (await repo.listSnapshots('p1')).map((s) => [s.id, s.message]);
    expect(ids).toEqual([
      ['base', 'Plan p1: workspace as found'],
      ['group:g1', 'group 1 ready'],
      ['group:g2', 'group 2 ready'],
    ]);
  });

  it('refuses to roll back to a snapshot the plan does not have', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    await expect(repo.rollbackPlan('p1', 'group:nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.rollbackPlan('p1', 'f'.repeat(40))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a user edit to an unrelated file and refuses to overwrite a user edit the plan also changed', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    await repo.mergeTask('p1', 't1', 1, await commitTask(repo, 't1', { 'src/a.ts': 'plan\n' }));
    writeFileSync(path.join(ws, 'README.md'), 'user edit\n');
    await repo.syncWorkspace('p1');
    expect(readWs('README.md')).toBe('user edit\n');
    await repo.mergeTask('p1', 't2', 1, await commitTask(repo, 't2', { 'README.md': 'plan readme\n' }));
    writeFileSync(path.join(ws, 'README.md'), 'another user edit\n');
    await expect(repo.syncWorkspace('p1')).rejects.toBeInstanceOf(WorkspaceSyncError);
    expect(readWs('README.md')).toBe('another user edit\n');
  });

  it.each([
    ['an empty plan id', '', 't', 1],
    ['a plan id with a slash', 'a/b', 't', 1],
    ['a task id with ..', 'p', 'a..b', 1],
    ['a task id that is a dot', 'p', '.', 1],
    ['a negative attempt', 'p', 't', -1],
    ['a fractional attempt', 'p', 't', 1.5],
  ])('rejects %s with InvalidIdentifierError', async (_name, plan, task, attempt) => {
    const repo = await ShadowRepo.open(ws);
    expect(() => repo.taskCheckout(plan, task, attempt)).toThrow(InvalidIdentifierError);
  });

  it('accepts ids that git could not use verbatim as ref names', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('.plan.lock');
    const checkout = repo.taskCheckout('.plan.lock', '-task.', 0);
    await checkout.writeFile('f.txt', 'x\n');
    const commit = await checkout.commit('odd ids');
    await expect(repo.mergeTask('.plan.lock', '-task.', 0, commit!)).resolves.toMatchObject({
      alreadyMerged: false,
    });
    await expect(repo.snapshotGroup('.plan.lock', 'g.lock', 'x')).resolves.toMatchObject({
      snapshotId: 'group:g.lock',
    });
    expect((await repo.listSnapshots('.plan.lock')).map((s) => s.id)).toEqual(['base', 'group:g.lock']);
  });
});
