import { removeCheckout } from './checkout-removal.js';
import { InvalidIdentifierError } from './errors.js';
import { verifyShadowRepo } from './integrity-check.js';
import { type MergeOutcome, mergeTaskCommit } from './plan-merge.js';
import { listPlanSnapshots, type PlanSnapshot, rollbackPlanTo, snapshotPlanGroup } from './plan-snapshots.js';
import { startPlanFromWorkspace } from './plan-start.js';
import { RefLedger } from './ref-ledger.js';
import type { RepoContext } from './repo-context.js';
import { openRepoContext, type ShadowRepoOptions } from './repo-setup.js';
import { assertAttempt, assertSafeId } from './safe-id.js';
import { TaskCheckout } from './task-checkout.js';
import { type SyncOutcome, syncWorkspaceToPlan } from './workspace-sync.js';

/**
 * The shadow repository of one workspace (`<workspace>/.maker/shadow.git`), separate from the
 * user's `.git`, which MAKER never writes. See the package README for the plan lifecycle.
 */
export class ShadowRepo {
  private constructor(private readonly ctx: RepoContext) {}

  /** The workspace directory (a real path). */
  get workspace(): string {
    return this.ctx.layout.workspace;
  }

  /** Opens (creating if needed) the shadow repository of `workspaceDir`. */
  static async open(workspaceDir: string, options: ShadowRepoOptions = {}): Promise<ShadowRepo> {
    return new ShadowRepo(await openRepoContext(workspaceDir, options));
  }

  /** Runs `git fsck --full --strict` and checks MAKER's refs; throws ShadowRepoCorruptError. */
  verifyIntegrity(): Promise<void> {
    return verifyShadowRepo(this.ctx.layout, this.ctx.git, this.ctx.worktreeLock());
  }

  /**
   * Starts a plan (idempotent): verifies integrity, commits the workspace as found (honouring its
   * .gitignore files, excluding `.git/` and `.maker/`) as `base`, and points `head` there.
   */
  async startPlan(planId: string): Promise<{ base: string; head: string }> {
    assertSafeId('plan id', planId);
    await this.verifyIntegrity();
    return startPlanFromWorkspace(this.ctx, planId);
  }

  /** Snapshots the integration ref for a task group (idempotent per group id). */
  async snapshotGroup(
    planId: string,
    groupId: string,
    message: string,
  ): Promise<{ snapshotId: string; commit: string }> {
    assertSafeId('plan id', planId);
    assertSafeId('group id', groupId);
    return snapshotPlanGroup(this.ctx, planId, groupId, message);
  }

  /** The plan's snapshots, `base` first. */
  async listSnapshots(planId: string): Promise<PlanSnapshot[]> {
    assertSafeId('plan id', planId);
    return listPlanSnapshots(this.ctx, planId);
  }

  /** Restores a snapshot (or any integration commit) as a new commit on the integration ref. */
  async rollbackPlan(planId: string, snapshotId: string): Promise<{ commit: string }> {
    assertSafeId('plan id', planId);
    if (snapshotId.startsWith('group:')) assertSafeId('group id', snapshotId.slice('group:'.length));
    return rollbackPlanTo(this.ctx, planId, snapshotId);
  }

  /** The checkout of a task attempt. Starts no git process: the checkout is created on first write. */
  taskCheckout(planId: string, taskId: string, attempt: number): TaskCheckout {
    assertTaskIds(planId, taskId, attempt);
    return new TaskCheckout(this.ctx, planId, taskId, attempt);
  }

  /** Merges a task commit into the plan's integration ref; see {@link mergeTaskCommit}. */
  async mergeTask(planId: string, taskId: string, attempt: number, commit: string): Promise<MergeOutcome> {
    assertTaskIds(planId, taskId, attempt);
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new InvalidIdentifierError('commit id', commit);
    return mergeTaskCommit(this.ctx, { planId, taskId, attempt }, commit);
  }

  /** Brings the workspace directory to the integration ref, touching only changed files. */
  async syncWorkspace(planId: string): Promise<SyncOutcome> {
    assertSafeId('plan id', planId);
    return syncWorkspaceToPlan(this.ctx, planId);
  }

  /** Removes a task attempt's checkout and refs; the integration ref and siblings are untouched. */
  async discardTask(planId: string, taskId: string, attempt: number): Promise<void> {
    assertTaskIds(planId, taskId, attempt);
    const { layout } = this.ctx;
    await this.ctx.guard(() =>
      this.ctx
        .worktreeLock()
        .withLock(() =>
          removeCheckout(
            this.ctx,
            layout.checkoutDir(planId, taskId, attempt),
            layout.taskRefPrefix(planId, taskId, attempt),
            new RefLedger(layout.taskLedgerFile(planId, taskId, attempt)),
          ),
        ),
    );
  }
}

function assertTaskIds(planId: string, taskId: string, attempt: number): void {
  assertSafeId('plan id', planId);
  assertSafeId('task id', taskId);
  assertAttempt(attempt);
}
