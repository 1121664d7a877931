import { access, rm } from 'node:fs/promises';
import { GitCommandError } from './errors.js';
import type { RefLedger } from './ref-ledger.js';
import type { RepoContext } from './repo-context.js';

/**
 * Removes a task attempt's checkout directory, its worktree registration and its refs, leaving the
 * integration ref and every other checkout alone. Runs no git process when nothing is there.
 */
export async function removeCheckout(
  ctx: RepoContext,
  dir: string,
  refPrefix: string,
  ledger: RefLedger,
): Promise<void> {
  const dirExists = await exists(dir);
  const state = await ledger.read();
  if (!dirExists && state.version === 0) return;
  if (dirExists) await removeWorktree(ctx, dir);
  await ctx.git.run(['worktree', 'prune']);
  const refs = await ctx.git.listRefs(refPrefix);
  if (refs.size > 0) {
    await ledger.apply(
      ctx.git,
      [...refs].map(([ref, commit]) => ({ ref, from: commit, to: null })),
    );
  }
  await ledger.remove();
}

async function removeWorktree(ctx: RepoContext, dir: string): Promise<void> {
  try {
    await ctx.git.run(['worktree', 'remove', '--force', '--force', dir]);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    ctx.logger.debug?.('worktree remove failed; deleting the directory', { dir, stderr: error.stderr });
  }
  await rm(dir, { recursive: true, force: true });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
