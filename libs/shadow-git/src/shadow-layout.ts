import path from 'node:path';
import { encodeId } from './safe-id.js';

/** Where MAKER keeps its state inside a workspace, and how its refs are named. */
export class ShadowLayout {
  /** `<workspace>/.maker` */
  readonly makerDir: string;
  /** `<workspace>/.maker/shadow.git`: the shadow repository's git directory. */
  readonly gitDir: string;
  /** An empty directory used as `HOME` for git, so no user configuration is found. */
  readonly emptyHome: string;

  constructor(readonly workspace: string) {
    this.makerDir = path.join(workspace, '.maker');
    this.gitDir = path.join(this.makerDir, 'shadow.git');
    this.emptyHome = path.join(this.makerDir, 'empty-home');
  }

  planRef(planId: string, name: 'base' | 'head' | 'synced'): string {
    return `refs/maker/plans/${encodeId(planId)}/${name}`;
  }

  groupRefPrefix(planId: string): string {
    return `refs/maker/plans/${encodeId(planId)}/groups/`;
  }

  groupRef(planId: string, groupId: string): string {
    return this.groupRefPrefix(planId) + encodeId(groupId);
  }

  mergedRef(planId: string, taskId: string, attempt: number): string {
    return `refs/maker/plans/${encodeId(planId)}/merged/${encodeId(taskId)}/${attempt}`;
  }

  taskRefPrefix(planId: string, taskId: string, attempt: number): string {
    return `refs/maker/tasks/${encodeId(planId)}/${encodeId(taskId)}/${attempt}/`;
  }

  /** The per-plan ledger recording where MAKER last put the plan's refs. */
  planLedgerFile(planId: string): string {
    return path.join(this.makerDir, 'state', 'plans', `${encodeId(planId)}.json`);
  }

  /** The per-attempt ledger recording the task checkout's refs. */
  taskLedgerFile(planId: string, taskId: string, attempt: number): string {
    return path.join(this.makerDir, 'state', 'tasks', encodeId(planId), encodeId(taskId), `${attempt}.json`);
  }

  ledgerRoot(): string {
    return path.join(this.makerDir, 'state');
  }

  /** The git index that mirrors the workspace directory for a plan (used by snapshot and sync). */
  workspaceIndexFile(planId: string): string {
    return path.join(this.makerDir, 'indexes', `${encodeId(planId)}.index`);
  }

  /**
   * The isolated checkout (a git worktree) of one task attempt. Its base name is unique (encoded ids
   * contain no dot), because git names a worktree's admin directory after it and concurrent
   * `worktree add`s of equal base names collide.
   */
  checkoutDir(planId: string, taskId: string, attempt: number): string {
    return path.join(this.makerDir, 'worktrees', `${encodeId(planId)}.${encodeId(taskId)}.${attempt}`);
  }

  planLockDir(planId: string): string {
    return path.join(this.makerDir, 'locks', 'plans', encodeId(planId));
  }

  worktreeLockDir(): string {
    return path.join(this.makerDir, 'locks', 'worktrees');
  }
}
