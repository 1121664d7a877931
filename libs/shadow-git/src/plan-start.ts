import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { RefLedger } from './ref-ledger.js';
import type { RepoContext } from './repo-context.js';

/**
 * Commits the workspace as found (its .gitignore files honoured; `.git/` and `.maker/` excluded by
 * the shadow repo's info/exclude) as the plan's `base`, and starts `head` and `synced` there.
 * Idempotent: a started plan returns its existing refs.
 */
export async function startPlanFromWorkspace(
  ctx: RepoContext,
  planId: string,
): Promise<{ base: string; head: string }> {
  const { layout, git } = ctx;
  const baseRef = layout.planRef(planId, 'base');
  const headRef = layout.planRef(planId, 'head');
  return ctx.guard(() =>
    ctx.planLock(planId).withLock(async () => {
      const refs = await git.readRefs([baseRef, headRef]);
      const [base, head] = [refs.get(baseRef), refs.get(headRef)];
      if (base && head) return { base, head };
      const workTree = layout.workspace;
      const indexFile = layout.workspaceIndexFile(planId);
      await mkdir(path.dirname(indexFile), { recursive: true });
      await git.run(['add', '-A'], { workTree, indexFile });
      const tree = await git.output(['write-tree'], { workTree, indexFile });
      const commit = await git.output(['commit-tree', tree, '-m', `Plan ${planId}: workspace as found`]);
      await new RefLedger(layout.planLedgerFile(planId)).apply(git, [
        { ref: baseRef, from: null, to: commit },
        { ref: headRef, from: null, to: commit },
        { ref: layout.planRef(planId, 'synced'), from: null, to: commit },
      ]);
      return { base: commit, head: commit };
    }),
  );
}
