import { mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError } from './errors.js';
import { FileLock, type FileLockOptions } from './file-lock.js';
import { GitDir } from './git-dir.js';
import { type GitRequest, type GitRunner, SimpleGitRunner } from './git-runner.js';
import { verifyShadowRepo } from './integrity-check.js';
import type { RepoContext, ShadowGitLogger } from './repo-context.js';
import { ShadowLayout } from './shadow-layout.js';

/** Options of `ShadowRepo.open`. */
export interface ShadowRepoOptions {
  readonly logger?: ShadowGitLogger;
  /** Replaces the git runner. @defaultValue a {@link SimpleGitRunner} with a hermetic environment */
  readonly gitRunner?: GitRunner;
  /** Called before every git process MAKER starts (e.g. to count or trace them). */
  readonly onGitCommand?: (request: GitRequest) => void;
  /** Options of the cross-process plan and worktree locks. */
  readonly lock?: FileLockOptions;
}

/** Keeps `.maker/` out of the user's repository without writing the user's `.git`. */
const MAKER_GITIGNORE = '# written by MAKER: keeps .maker/ out of your repository\n*\n';
/** Keeps the user's `.git/` and MAKER's `.maker/` out of the shadow repository's snapshots. */
const SHADOW_EXCLUDE = '/.git/\n/.maker/\n';

/** Creates `.maker/` and the shadow git dir when missing, and wires the shared context. */
export async function openRepoContext(
  workspaceDir: string,
  options: ShadowRepoOptions,
): Promise<RepoContext> {
  const layout = new ShadowLayout(await realpath(workspaceDir));
  await mkdir(layout.emptyHome, { recursive: true });
  await writeIfChanged(path.join(layout.makerDir, '.gitignore'), MAKER_GITIGNORE);
  const runner = observedRunner(
    options.gitRunner ?? new SimpleGitRunner({ emptyHome: layout.emptyHome }),
    options,
  );
  const git = new GitDir(runner, layout.gitDir);
  const logger = options.logger ?? {};
  const lockOptions = options.lock ?? {};
  const worktreeLock = () => new FileLock(layout.worktreeLockDir(), lockOptions);
  await initShadowGitDir(layout, runner);
  return {
    layout,
    git,
    logger,
    planLock: (planId) => new FileLock(layout.planLockDir(planId), lockOptions),
    worktreeLock,
    guard: (operation) =>
      guarded(operation, (cause) => verifyShadowRepo(layout, git, worktreeLock(), cause), logger),
  };
}

function observedRunner(runner: GitRunner, options: ShadowRepoOptions): GitRunner {
  const observe = options.onGitCommand;
  if (!observe) return runner;
  return {
    run: (request) => {
      observe(request);
      return runner.run(request);
    },
  };
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
  const head = await readFile(path.join(layout.gitDir, 'HEAD'), 'utf8').catch(() => null);
  if (head === null) {
    await runner.run({
      args: ['init', '--bare', '--quiet', '--template=', layout.gitDir],
      cwd: layout.makerDir,
    });
  }
  await writeIfChanged(path.join(layout.gitDir, 'info', 'exclude'), SHADOW_EXCLUDE);
}

async function writeIfChanged(file: string, content: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === content) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}
