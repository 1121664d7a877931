import { access } from 'node:fs/promises';
import { GitCommandError, NotFoundError, WorkspaceSyncError } from './errors.js';
import { RefLedger } from './ref-ledger.js';
import type { RepoContext } from './repo-context.js';

/** The outcome of bringing the workspace directory to the integration ref. */
export interface SyncOutcome {
  /** The integration commit the workspace now matches. */
  readonly commit: string;
  /** False when the workspace was already there (no file touched). */
  readonly updated: boolean;
}

/**
 * Brings the workspace directory from the last synced commit to the plan's integration ref with
 * a two-tree `read-tree -m -u` on the plan's private workspace index: only files that differ
 * between the two commits are written or removed, and a user's local edits to other files are
 * kept. When the user edited a file the integration ref also changes, nothing is overwritten and
 * {@link WorkspaceSyncError} is thrown.
 */
export async function syncWorkspaceToPlan(ctx: RepoContext, planId: string): Promise<SyncOutcome> {
  return ctx.guard(() => ctx.planLock(planId).withLock(() => syncUnderLock(ctx, planId)));
}

async function syncUnderLock(ctx: RepoContext, planId: string): Promise<SyncOutcome> {
  const headRef = ctx.layout.planRef(planId, 'head');
  const syncedRef = ctx.layout.planRef(planId, 'synced');
  const refs = await ctx.git.readRefs([headRef, syncedRef]);
  const head = refs.get(headRef);
  const synced = refs.get(syncedRef);
  if (!head || !synced) throw new NotFoundError('plan_not_started', `plan ${planId} has not been started`);
  if (head === synced) return { commit: head, updated: false };
  const workTree = ctx.layout.workspace;
  const indexFile = ctx.layout.workspaceIndexFile(planId);
  if (!(await exists(indexFile))) {
    await ctx.git.run(['read-tree', synced], { workTree, indexFile });
    await ctx.git.run(['update-index', '-q', '--refresh'], { workTree, indexFile, okExitCodes: [0, 1] });
  }
  try {
    await ctx.git.run(['read-tree', '-m', '-u', synced, head], { workTree, indexFile });
  } catch (error) {
    if (
      error instanceof GitCommandError &&
      /not uptodate|would be overwritten|would be lost/.test(error.stderr)
    ) {
      throw new WorkspaceSyncError(planId, error.stderr.trim());
    }
    throw error;
  }
  await new RefLedger(ctx.layout.planLedgerFile(planId)).apply(ctx.git, [
    { ref: syncedRef, from: synced, to: head },
  ]);
  return { commit: head, updated: true };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
