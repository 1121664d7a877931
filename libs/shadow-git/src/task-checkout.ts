import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  deleteConfined,
  fileExistsConfined,
  listConfined,
  readConfined,
  writeConfined,
} from './checkout-files.js';
import { NotFoundError, ShadowRepoCorruptError } from './errors.js';
import { GitDir } from './git-dir.js';
import { RefLedger } from './ref-ledger.js';
import { type RepoContext, trailers } from './repo-context.js';
import { removeCheckout } from './checkout-removal.js';

/** One snapshot taken inside a task checkout. */
export interface CheckoutSnapshot {
  /** `"1"`, `"2"`, … in the order they were taken. */
  readonly id: string;
  readonly commit: string;
  readonly message: string;
}

/**
 * The isolated checkout (a git worktree of the plan's integration ref) of one task attempt,
 * at `.maker/worktrees/<plan>/<task>/<attempt>`. Created lazily on the first write: until then,
 * reads see the workspace directory (the materialized integration tree) and no git process runs.
 * Everything about it is derived from (workspace, plan, task, attempt), so any process can
 * reconstruct it. Git operations on one checkout object are serialized.
 */
export class TaskCheckout {
  /** The checkout directory (it exists only after the first write). */
  readonly dir: string;
  private readonly ledger: RefLedger;
  private readonly refPrefix: string;
  private ready: Promise<string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: RepoContext,
    readonly planId: string,
    readonly taskId: string,
    readonly attempt: number,
  ) {
    this.dir = ctx.layout.checkoutDir(planId, taskId, attempt);
    this.ledger = new RefLedger(ctx.layout.taskLedgerFile(planId, taskId, attempt));
    this.refPrefix = ctx.layout.taskRefPrefix(planId, taskId, attempt);
  }

  /** Whether the checkout exists (a write happened, in this or another process). */
  async isMaterialized(): Promise<boolean> {
    const state = await this.ledger.read();
    if (!state.refs[`${this.refPrefix}base`]) return false;
    return access(path.join(this.dir, '.git')).then(
      () => true,
      () => false,
    );
  }

  /** Reads a file of the task's view as UTF-8. */
  async readFile(file: string): Promise<string> {
    return readConfined(await this.readRoot(), file);
  }

  /** Whether `file` is an existing regular file in the task's view. */
  async fileExists(file: string): Promise<boolean> {
    return fileExistsConfined(await this.readRoot(), file);
  }

  /** Files of the task's view matching a picomatch glob. @defaultValue glob `**` */
  async listFiles(glob = '**'): Promise<string[]> {
    return listConfined(await this.readRoot(), glob);
  }

  /** Writes a file in the checkout (creating the checkout on first use). */
  async writeFile(file: string, content: string | Uint8Array): Promise<void> {
    await writeConfined(await this.materialize(), file, content);
  }

  /** Deletes a file in the checkout; false when it did not exist (no checkout is created then). */
  async deleteFile(file: string): Promise<boolean> {
    if (!(await this.fileExists(file))) return false;
    return deleteConfined(await this.materialize(), file);
  }

  /** Records the checkout's current files as a snapshot; returns its id. */
  snapshot(message: string): Promise<string> {
    return this.serialized(async () => {
      const dir = await this.materialize();
      const tree = await this.stageTree(dir);
      const snapshots = await this.snapshotRefs();
      const latest = snapshots.at(-1);
      const parent = latest?.commit ?? (await this.baseCommit());
      const id = String((latest ? Number(latest.id) : 0) + 1);
      const commit = await this.ctx.git.output(['commit-tree', tree, '-p', parent, '-m', message]);
      await this.ledger.apply(this.ctx.git, [
        { ref: `${this.refPrefix}snapshots/${id}`, from: null, to: commit },
      ]);
      return id;
    });
  }

  /** Snapshots taken in this checkout, oldest first. */
  snapshots(): Promise<CheckoutSnapshot[]> {
    return this.serialized(async () => {
      if (!(await this.isMaterialized())) return [];
      const out = await this.ctx.git.output([
        'for-each-ref',
        '--format=%(objectname) %(refname) %(contents:subject)',
        `${this.refPrefix}snapshots/`,
      ]);
      return out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const [commit, ref, ...subject] = line.split(' ');
          return { id: ref!.slice(ref!.lastIndexOf('/') + 1), commit: commit!, message: subject.join(' ') };
        })
        .sort((a, b) => Number(a.id) - Number(b.id));
    });
  }

  /**
   * Restores the latest snapshot (or the checkout's starting point when none was taken): files
   * created since are removed, files changed or deleted since are restored. No-op without a checkout.
   */
  rollback(): Promise<void> {
    return this.serialized(async () => {
      if (!(await this.isMaterialized())) return;
      const latest = (await this.snapshotRefs()).at(-1);
      await this.restore(latest?.commit ?? (await this.baseCommit()));
    });
  }

  /** Restores snapshot `id` and forgets the snapshots taken after it (a stack). */
  rollbackTo(id: string): Promise<void> {
    return this.serialized(async () => {
      const snapshots = (await this.isMaterialized()) ? await this.snapshotRefs() : [];
      const target = snapshots.find((s) => s.id === id);
      if (!target) throw new NotFoundError('snapshot_not_found', `task ${this.taskId} has no snapshot ${id}`);
      await this.restore(target.commit);
      const newer = snapshots.filter((s) => Number(s.id) > Number(id));
      if (newer.length > 0) {
        await this.ledger.apply(
          this.ctx.git,
          newer.map((s) => ({ ref: `${this.refPrefix}snapshots/${s.id}`, from: s.commit, to: null })),
        );
      }
    });
  }

  /**
   * Commits the checkout's files as the task's result (parent: the checkout's starting point).
   * Returns null when nothing changed, or without a checkout. Repeating it without changes returns
   * the same commit.
   */
  commit(message: string): Promise<string | null> {
    return this.serialized(async () => {
      if (!(await this.isMaterialized())) return null;
      const tree = await this.stageTree(this.dir);
      const state = await this.ledger.read();
      const base = state.refs[`${this.refPrefix}base`]!;
      const previous = state.refs[`${this.refPrefix}commit`] ?? null;
      const revs = [`${base}^{tree}`, ...(previous ? [`${previous}^{tree}`] : [])];
      const [baseTree, previousTree] = (await this.ctx.git.output(['rev-parse', ...revs])).split('\n');
      if (tree === baseTree) return null;
      if (previous && tree === previousTree) return previous;
      const body = `${message}\n\n${trailers({ Plan: this.planId, Task: this.taskId, Attempt: this.attempt })}`;
      const commit = await this.ctx.git.output(['commit-tree', tree, '-p', base, '-m', body]);
      await this.ledger.apply(this.ctx.git, [{ ref: `${this.refPrefix}commit`, from: previous, to: commit }]);
      return commit;
    });
  }

  private async readRoot(): Promise<string> {
    if (this.ready || (await this.isMaterialized())) return this.materialize();
    return this.ctx.layout.workspace;
  }

  private materialize(): Promise<string> {
    this.ready ??= this.create().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async create(): Promise<string> {
    if (await this.isMaterialized()) return this.dir;
    return this.ctx.guard(() =>
      this.ctx.worktreeLock().withLock(async () => {
        if (await this.isMaterialized()) return this.dir;
        await removeCheckout(this.ctx, this.dir, this.refPrefix, this.ledger);
        const headRef = this.ctx.layout.planRef(this.planId, 'head');
        const head = await this.ctx.git.resolve(headRef);
        if (!head) throw new NotFoundError('plan_not_started', `plan ${this.planId} has not been started`);
        await this.ctx.git.run(['worktree', 'add', '--detach', '--quiet', this.dir, head]);
        await this.ledger.apply(this.ctx.git, [{ ref: `${this.refPrefix}base`, from: null, to: head }]);
        return this.dir;
      }),
    );
  }

  private serialized<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.ctx.guard(operation));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stages every file of the checkout (honouring ignore rules) and returns the tree id. */
  private async stageTree(dir: string): Promise<string> {
    const git = await this.worktreeGit();
    await git.run(['add', '-A'], { workTree: dir });
    return git.output(['write-tree'], { workTree: dir });
  }

  private async restore(commit: string): Promise<void> {
    const git = await this.worktreeGit();
    await git.run(['add', '-A'], { workTree: this.dir });
    await git.run(['read-tree', '-u', '--reset', `${commit}^{tree}`], { workTree: this.dir });
  }

  private async baseCommit(): Promise<string> {
    return (await this.ledger.read()).refs[`${this.refPrefix}base`]!;
  }

  private async snapshotRefs(): Promise<Array<{ id: string; commit: string }>> {
    const refs = (await this.ledger.read()).refs;
    const prefix = `${this.refPrefix}snapshots/`;
    return Object.entries(refs)
      .filter(([ref]) => ref.startsWith(prefix))
      .map(([ref, commit]) => ({ id: ref.slice(prefix.length), commit }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** The worktree's own git directory, read from its `.git` file and checked to be MAKER's. */
  private async worktreeGit(): Promise<GitDir> {
    const pointer = (await readFile(path.join(this.dir, '.git'), 'utf8')).trim();
    const gitDir = pointer.replace(/^gitdir: /, '');
    const expectedParent = path.join(this.ctx.layout.gitDir, 'worktrees') + path.sep;
    if (!gitDir.startsWith(expectedParent)) {
      throw new ShadowRepoCorruptError([`checkout ${this.dir} points at foreign git dir ${gitDir}`]);
    }
    return this.ctx.git.forWorktree(gitDir);
  }
}
