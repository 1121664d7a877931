/** Base class of every error raised by `@maker/shadow-git`; `code` is a stable identifier. */
export abstract class ShadowGitError extends Error {
  abstract readonly code: string;
}

/** Why a path was refused by the confinement guard. */
export type PathEscapeCode =
  | 'path_invalid'
  | 'path_absolute'
  | 'path_parent_escape'
  | 'path_symlink_escape'
  | 'path_reserved';

/** A path given by a task tried to leave its checkout or reach `.git/` / `.maker/`. */
export class PathEscapeError extends ShadowGitError {
  constructor(
    readonly code: PathEscapeCode,
    readonly path: string,
    detail: string,
  ) {
    super(`refused path ${JSON.stringify(path)}: ${detail} (${code})`);
    this.name = 'PathEscapeError';
  }
}

/** Merging a task into the plan's integration ref produced conflicts in `files`. */
export class MergeConflictError extends ShadowGitError {
  readonly code = 'merge_conflict';
  constructor(
    readonly planId: string,
    readonly taskId: string,
    readonly attempt: number,
    readonly files: readonly string[],
  ) {
    super(`merge of task ${taskId} attempt ${attempt} into plan ${planId} conflicts in: ${files.join(', ')}`);
    this.name = 'MergeConflictError';
  }
}

/** The shadow repository failed its integrity check: the plan must stop at once (emergency stop). */
export class ShadowRepoCorruptError extends ShadowGitError {
  readonly code = 'shadow_repo_corrupt';
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`shadow repository is corrupt: ${problems.join('; ')}`, options);
    this.name = 'ShadowRepoCorruptError';
  }
}

/** A git command failed; `args`, `exitCode` and `stderr` say which and how. */
export class GitCommandError extends ShadowGitError {
  readonly code = 'git_command_failed';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/** A plan id, task id, group id or attempt number is not a safe identifier. */
export class InvalidIdentifierError extends ShadowGitError {
  readonly code = 'invalid_identifier';
  constructor(
    readonly kind: string,
    readonly value: unknown,
  ) {
    super(`invalid ${kind}: ${JSON.stringify(value)} (expected [A-Za-z0-9._-]{1,128} without "..")`);
    this.name = 'InvalidIdentifierError';
  }
}

/** An operation needs a plan that `startPlan` has not created, or a snapshot that does not exist. */
export class NotFoundError extends ShadowGitError {
  constructor(
    readonly code: 'plan_not_started' | 'snapshot_not_found',
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The workspace has local edits to files the integration ref changes, so it was not updated. */
export class WorkspaceSyncError extends ShadowGitError {
  readonly code = 'workspace_sync_conflict';
  constructor(
    readonly planId: string,
    detail: string,
  ) {
    super(`workspace of plan ${planId} could not be updated: ${detail}`);
    this.name = 'WorkspaceSyncError';
  }
}

/** A cross-process lock could not be acquired within its timeout. */
export class LockTimeoutError extends ShadowGitError {
  readonly code = 'lock_timeout';
  constructor(readonly lockPath: string) {
    super(`timed out waiting for lock ${lockPath}`);
    this.name = 'LockTimeoutError';
  }
}
