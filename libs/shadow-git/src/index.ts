export type { CheckoutSnapshot } from './task-checkout.js';
export { TaskCheckout } from './task-checkout.js';
export {
  GitCommandError,
  InvalidIdentifierError,
  LockTimeoutError,
  MergeConflictError,
  NotFoundError,
  PathEscapeError,
  type PathEscapeCode,
  ShadowGitError,
  ShadowRepoCorruptError,
  WorkspaceSyncError,
} from './errors.js';
export type { FileLockOptions } from './file-lock.js';
export {
  type GitRequest,
  type GitResult,
  type GitRunner,
  HERMETIC_GIT_CONFIG,
  hermeticGitEnv,
  MAKER_IDENTITY,
  SimpleGitRunner,
  type SimpleGitRunnerOptions,
} from './git-runner.js';
export type { MergeOutcome } from './plan-merge.js';
export type { PlanSnapshot } from './plan-snapshots.js';
export type { ShadowGitLogger } from './repo-context.js';
export type { ShadowRepoOptions } from './repo-setup.js';
export { ShadowRepo } from './shadow-repo.js';
export type { SyncOutcome } from './workspace-sync.js';
export { ShadowRepoPool } from './shadow-repo-pool.js';
