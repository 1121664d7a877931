import { chmodSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShadowRepoCorruptError } from './errors.js';
import { type GitRunner, SimpleGitRunner } from './git-runner.js';
import { ShadowRepo } from './shadow-repo.js';
import { rawShadowGit, type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

let tmp: TempDir;
let shadow: string;
let repo: ShadowRepo;
let base: string;
let merged: string;

beforeEach(async () => {
  tmp = tempDir();
  shadow = path.join(tmp.dir, '.maker/shadow.git');
  writeFiles(tmp.dir, { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
  repo = await ShadowRepo.open(tmp.dir);
  ({ base } = await repo.startPlan('p1'));
  const checkout = repo.taskCheckout('p1', 't1', 1);
  await checkout.writeFile('src/c.ts', 'c\n');
  await checkout.snapshot('c written');
  ({ commit: merged } = await repo.mergeTask('p1', 't1', 1, (await checkout.commit('c'))!));
});
afterEach(() => tmp.dispose());

/** A runner that lets the merge's ref transaction through, then reports the process as killed. */
function crashAfterNextMergeUpdate(workspace: string): GitRunner {
  const inner = new SimpleGitRunner({ emptyHome: path.join(workspace, '.maker/empty-home') });
  return {
    async run(request) {
      const result = await inner.run(request);
      if (request.args.includes('update-ref') && request.input?.includes('/merged/')) {
        throw new Error('process killed');
      }
      return result;
    },
  };
}

function looseObjectPath(revision: string): string {
  const oid = rawShadowGit(shadow, 'rev-parse', revision);
  const file = path.join(shadow, 'objects', oid.slice(0, 2), oid.slice(2));
  chmodSync(file, 0o644);
  return file;
}

const corruptions: Array<[string, () => void]> = [
  ['a loose blob is deleted', () => rmSync(looseObjectPath(`${base}:src/a.ts`))],
  ['a loose tree is deleted', () => rmSync(looseObjectPath(`${base}^{tree}`))],
  ['a loose object is truncated', () => truncateSync(looseObjectPath(`${base}:src/b.ts`), 5)],
  ['a commit object is overwritten with garbage', () => writeFileSync(looseObjectPath(merged), 'garbage')],
  [
    'the integration ref is moved behind MAKER’s back',
    () => rawShadowGit(shadow, 'update-ref', 'refs/maker/plans/p1/head', base),
  ],
  [
    'the integration ref is deleted',
    () => rawShadowGit(shadow, 'update-ref', '-d', 'refs/maker/plans/p1/head'),
  ],
  [
    'a merge record is deleted',
    () => rawShadowGit(shadow, 'update-ref', '-d', 'refs/maker/plans/p1/merged/t1/1'),
  ],
  [
    'a task snapshot ref is moved',
    () => rawShadowGit(shadow, 'update-ref', 'refs/maker/tasks/p1/t1/1/snapshots/1', base),
  ],
  ['a ref file is truncated', () => truncateSync(path.join(shadow, 'refs/maker/plans/p1/base'), 0)],
  [
    'the ref ledger is garbled',
    () => writeFileSync(path.join(tmp.dir, '.maker/state/plans/p1.json'), '{not json'),
  ],
  ['the HEAD file of the shadow repo is removed', () => rmSync(path.join(shadow, 'HEAD'))],
];

describe('verifyIntegrity', () => {
  it('passes on an intact shadow repository after a full lifecycle', async () => {
    await repo.syncWorkspace('p1');
    await repo.rollbackPlan('p1', 'base');
    await repo.discardTask('p1', 't1', 1);
    await expect(repo.verifyIntegrity()).resolves.toBeUndefined();
  });

  it.each(corruptions)('detects the corruption when %s', async (_name, corrupt) => {
    corrupt();
    const error = await repo.verifyIntegrity().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShadowRepoCorruptError);
    expect((error as ShadowRepoCorruptError).code).toBe('shadow_repo_corrupt');
    expect((error as ShadowRepoCorruptError).problems.length).toBeGreaterThan(0);
  });

  it('refuses to start another plan on a corrupt shadow repository', async () => {
    rawShadowGit(shadow, 'update-ref', 'refs/maker/plans/p1/head', base);
    await expect(repo.startPlan('p2')).rejects.toBeInstanceOf(ShadowRepoCorruptError);
  });

  it.each([
    ['merging a task whose commit object vanished', 'commit', 'merge'],
    ['syncing a workspace to a tree whose blob vanished', 'blob', 'sync'],
  ] as const)(
    'turns an unexpected git failure into ShadowRepoCorruptError when %s',
    async (_name, lost, operation) => {
      const second = repo.taskCheckout('p1', 't2', 1);
      await second.writeFile('src/d.ts', 'd\n');
      const commit = (await second.commit('d'))!;
      if (operation === 'sync') await repo.mergeTask('p1', 't2', 1, commit);
      rmSync(looseObjectPath(lost === 'commit' ? commit : `${commit}:src/d.ts`));
      const run = operation === 'merge' ? repo.mergeTask('p1', 't2', 1, commit) : repo.syncWorkspace('p1');
      const error = await run.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShadowRepoCorruptError);
      expect((error as ShadowRepoCorruptError).cause).toBeDefined();
    },
  );

  it('does not mistake a crash between updating a ref and recording it for corruption, and merges idempotently after it', async () => {
    const workspace = tmp.dir;
    const crashing = await ShadowRepo.open(workspace, {
      gitRunner: crashAfterNextMergeUpdate(workspace),
    });
    const checkout = crashing.taskCheckout('p1', 't2', 1);
    await checkout.writeFile('src/d.ts', 'd\n');
    const commit = (await checkout.commit('d'))!;
    await expect(crashing.mergeTask('p1', 't2', 1, commit)).rejects.toThrow('process killed');
    await expect(repo.verifyIntegrity()).resolves.toBeUndefined();
    const retried = await repo.mergeTask('p1', 't2', 1, commit);
    expect(retried.alreadyMerged).toBe(true);
    expect(rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head')).toBe(retried.commit);
    await expect(repo.verifyIntegrity()).resolves.toBeUndefined();
  });

  it('names the moved ref and where MAKER recorded it', async () => {
    rawShadowGit(shadow, 'update-ref', 'refs/maker/plans/p1/head', base);
    const error = (await repo.verifyIntegrity().catch((e: unknown) => e)) as ShadowRepoCorruptError;
    expect(error.message).toContain(`refs/maker/plans/p1/head is at ${base} but MAKER recorded ${merged}`);
    expect(readFileSync(path.join(tmp.dir, '.maker/state/plans/p1.json'), 'utf8')).toContain(merged);
  });
});
