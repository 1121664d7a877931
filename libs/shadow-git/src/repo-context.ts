import type { GitDir } from './git-dir.js';
import type { ShadowLayout } from './shadow-layout.js';
import type { FileLock } from './file-lock.js';

/** Receives MAKER's diagnostic messages; every method is optional. */
export interface ShadowGitLogger {
  debug?(message: string, context?: Record<string, unknown>): void;
  warn?(message: string, context?: Record<string, unknown>): void;
}

/** What the parts of a shadow repository share. Internal. */
export interface RepoContext {
  readonly layout: ShadowLayout;
  readonly git: GitDir;
  readonly logger: ShadowGitLogger;
  /** The cross-process lock serializing one plan's ref changes (merges, snapshots, sync). */
  planLock(planId: string): FileLock;
  /** The cross-process lock serializing worktree creation, removal and fsck (git races on them). */
  worktreeLock(): FileLock;
  /** Runs `operation`; when git fails unexpectedly, checks integrity (throwing corruption first). */
  guard<T>(operation: () => Promise<T>): Promise<T>;
}

/** Commit trailers that tie a MAKER commit to its plan, task and attempt. */
export function trailers(fields: Record<string, string | number>): string {
  return Object.entries(fields)
    .map(([key, value]) => `Maker-${key}: ${value}`)
    .join('\n');
}
