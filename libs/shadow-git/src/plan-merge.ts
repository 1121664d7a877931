import { GitCommandError, MergeConflictError, NotFoundError, ShadowRepoCorruptError } from './errors.js';
import { RefLedger } from './ref-ledger.js';
import { type RepoContext, trailers } from './repo-context.js';

/** The outcome of merging a task attempt into its plan's integration ref. */
export interface MergeOutcome {
  /** The integration commit that contains the task's change. */
  readonly commit: string;
  /** True when this (plan, task, attempt) had already been merged: nothing was done. */
  readonly alreadyMerged: boolean;
}

const MAX_CAS_ATTEMPTS = 8;

/**
 * Merges a task commit into the plan's integration ref: under the plan's cross-process lock, a
 * three-way `merge-tree --write-tree`, a merge commit, then one atomic compare-and-swap
 * transaction that moves `head` and records the merge under `merged/<task>/<attempt>`, so a second
 * merge of the same attempt (in any process, even after a crash) returns the recorded commit.
 */
export async function mergeTaskCommit(
  ctx: RepoContext,
  ids: { planId: string; taskId: string; attempt: number },
  taskCommit: string,
): Promise<MergeOutcome> {
  return ctx.guard(() => ctx.planLock(ids.planId).withLock(() => mergeWithRetry(ctx, ids, taskCommit)));
}

async function mergeWithRetry(
  ctx: RepoContext,
  ids: { planId: string; taskId: string; attempt: number },
  taskCommit: string,
): Promise<MergeOutcome> {
  const headRef = ctx.layout.planRef(ids.planId, 'head');
  const mergedRef = ctx.layout.mergedRef(ids.planId, ids.taskId, ids.attempt);
  const ledger = new RefLedger(ctx.layout.planLedgerFile(ids.planId));
  for (let attempt = 1; ; attempt++) {
    const refs = await ctx.git.readRefs([headRef, mergedRef]);
    const recorded = refs.get(mergedRef);
    if (recorded) return { commit: recorded, alreadyMerged: true };
    const head = refs.get(headRef);
    if (!head) throw new NotFoundError('plan_not_started', `plan ${ids.planId} has not been started`);
    await assertHeadAsRecorded(ledger, headRef, head);
    const commit = await mergeCommit(ctx, ids, head, taskCommit);
    try {
      await ledger.apply(ctx.git, [
        { ref: headRef, from: head, to: commit },
        { ref: mergedRef, from: null, to: commit },
      ]);
      return { commit, alreadyMerged: false };
    } catch (error) {
      if (!isRefRace(error) || attempt >= MAX_CAS_ATTEMPTS) throw error;
      ctx.logger.debug?.('integration ref moved during merge; retrying', { ...ids, attempt });
    }
  }
}

async function mergeCommit(
  ctx: RepoContext,
  ids: { planId: string; taskId: string; attempt: number },
  head: string,
  taskCommit: string,
): Promise<string> {
  const merged = await ctx.git.run(
    ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', head, taskCommit],
    { okExitCodes: [0, 1] },
  );
  const [tree, ...conflicted] = merged.stdout.split('\0').filter((part) => part !== '');
  if (!tree || !/^[0-9a-f]{40}$/.test(tree)) {
    // merge-tree also exits 1 when it cannot read its inputs: that is not a conflict.
    throw new GitCommandError(['merge-tree', head, taskCommit], merged.exitCode, merged.stderr);
  }
  if (merged.exitCode === 1) {
    throw new MergeConflictError(ids.planId, ids.taskId, ids.attempt, [...new Set(conflicted)]);
  }
  const message = `Merge task ${ids.taskId} attempt ${ids.attempt}\n\n${trailers({
    Plan: ids.planId,
    Task: ids.taskId,
    Attempt: ids.attempt,
  })}`;
  return ctx.git.output(['commit-tree', tree, '-p', head, '-p', taskCommit, '-m', message]);
}

function isRefRace(error: unknown): boolean {
  return error instanceof GitCommandError && /cannot lock ref|but expected|already exists/.test(error.stderr);
}

/**
 * The integration ref must be where MAKER last put it: a ref moved behind MAKER's back would make
 * the merge build on a history MAKER did not write (DESIGN §9: corruption, emergency stop).
 */
async function assertHeadAsRecorded(ledger: RefLedger, headRef: string, head: string): Promise<void> {
  const state = await ledger.read();
  const recorded = state.refs[headRef];
  const pending = state.pending[headRef];
  if (recorded === undefined || recorded === head || pending?.from === head || pending?.to === head) return;
  throw new ShadowRepoCorruptError([`ref ${headRef} is at ${head} but MAKER recorded ${recorded}`]);
}
