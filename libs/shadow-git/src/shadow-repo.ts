import { mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeCheckout } from './checkout-removal.js';
import { GitCommandError, InvalidIdentifierError } from './errors.js';
import { FileLock, type FileLockOptions } from './file-lock.js';
import { GitDir } from './git-dir.js';
import { type GitRequest, type GitRunner, SimpleGitRunner } from './git-runner.js';
import { verifyShadowRepo } from './integrity-check.js';
import { type MergeOutcome, mergeTaskCommit } from './plan-merge.js';
import { listPlanSnapshots, type PlanSnapshot, rollbackPlanTo, snapshotPlanGroup } from './plan-snapshots.js';
import { RefLedger } from './ref-ledger.js';
import type { RepoContext, ShadowGitLogger } from './repo-context.js';
import { assertAttempt, assertSafeId } from './safe-id.js';
import { ShadowLayout } from './shadow-layout.js';
import { TaskCheckout } from './task-checkout.js';
import { type SyncOutcome, syncWorkspaceToPlan } from './workspace-sync.js';

/** Options of {@link ShadowRepo.open}. */
export interface ShadowRepoOptions {
  readonly logger?: ShadowGitLogger;
  /** Replaces the git runner (default: simple-git with a hermetic environment). */
  readonly gitRunner?: GitRunner;
  /** Called before every git process MAKER starts (e.g. to count or trace them). */
  readonly onGitCommand?: (request: GitRequest) => void;
  /** Options of the cross-process plan and checkout locks. */
  readonly lock?: FileLockOptions;
}

/** Files of `.maker/`: hides `.maker/` from the user's git, and `.git`/`.maker` from the shadow repo. */
const MAKER_GITIGNORE = '# written by MAKER: keeps .maker/ out of your repository\n*\n';
const SHADOW_EXCLUDE = '/.git/\n/.maker/\n';

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
    const layout = new ShadowLayout(await realpath(workspaceDir));
    await mkdir(layout.emptyHome, { recursive: true });
    await writeIfChanged(path.join(layout.makerDir, '.gitignore'), MAKER_GITIGNORE);
    const base = options.gitRunner ?? new SimpleGitRunner({ emptyHome: layout.emptyHome });
    const observe = options.onGitCommand;
    const runner: GitRunner = observe ? { run: (request) => (observe(request), base.run(request)) } : base;
    const git = new GitDir(runner, layout.gitDir);
    const logger = options.logger ?? {};
    const lockOptions = options.lock ?? {};
    const worktreeLock = () => new FileLock(layout.worktreeLockDir(), lockOptions);
    const ctx: RepoContext = {
      layout,
      git,
      logger,
      planLock: (planId) => new FileLock(layout.planLockDir(planId), lockOptions),
      worktreeLock,
      guard: (operation) =>
        guarded(operation, (cause) => verifyShadowRepo(layout, git, worktreeLock(), cause), logger),
    };
    await initShadowGitDir(layout, runner);
    return new ShadowRepo(ctx);
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
    const { layout, git } = this.ctx;
    await this.verifyIntegrity();
    return this.ctx.guard(() =>
      this.ctx.planLock(planId).withLock(async () => {
        const [baseRef, headRef, syncedRef] = (['base', 'head', 'synced'] as const).map((n) => layout.planRef(planId, n));
        const refs = await git.readRefs([baseRef!, headRef!]);
        if (refs.has(baseRef!) && refs.has(headRef!)) return { base: refs.get(baseRef!)!, head: refs.get(headRef!)! };
        const indexFile = layout.workspaceIndexFile(planId);
        await mkdir(path.dirname(indexFile), { recursive: true });
        await git.run(['add', '-A'], { workTree: layout.workspace, indexFile });
        const tree = await git.output(['write-tree'], { workTree: layout.workspace, indexFile });
        const commit = await git.output(['commit-tree', tree, '-m', `Plan ${planId}: workspace as found`]);
        await new RefLedger(layout.planLedgerFile(planId)).apply(git, [
          { ref: baseRef!, from: null, to: commit },
          { ref: headRef!, from: null, to: commit },
          { ref: syncedRef!, from: null, to: commit },
        ]);
        return { base: commit, head: commit };
      }),
    );
  }

  /** Snapshots the integration ref for a task group (idempotent per group id). */
  async snapshotGroup(planId: string, groupId: string, message: string): Promise<{ snapshotId: string; commit: string }> {
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
      this.ctx.worktreeLock().withLock(() =>
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

/** Runs `operation`; after an unexpected git failure, verifies integrity (corruption wins). */
async function guarded<T>(
  operation: () => Promise<T>,
  verify: (cause: unknown) => Promise<void>,
  logger: ShadowGitLogger,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof GitCommandError) {
      logger.warn?.('git failed unexpectedly; verifying the shadow repository', { error: error.message });
      await verify(error);
    }
    throw error;
  }
}

async function initShadowGitDir(layout: ShadowLayout, runner: GitRunner): Promise<void> {
  const exclude = path.join(layout.gitDir, 'info', 'exclude');
  const existing = await readFile(path.join(layout.gitDir, 'HEAD'), 'utf8').catch(() => null);
  if (existing === null) {
    await runner.run({ args: ['init', '--bare', '--quiet', '--template=', layout.gitDir], cwd: layout.makerDir });
  }
  await mkdir(path.dirname(exclude), { recursive: true });
  await writeIfChanged(exclude, SHADOW_EXCLUDE);
}

async function writeIfChanged(file: string, content: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === content) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}
