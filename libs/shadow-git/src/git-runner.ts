import { simpleGit } from 'simple-git';
import { GitCommandError } from './errors.js';

/** One git invocation. `args` exclude the hermetic `-c` settings, which the runner adds. */
export interface GitRequest {
  /** Arguments after `git` (the runner prepends the hermetic configuration). */
  readonly args: readonly string[];
  /** Working directory of the git process. */
  readonly cwd: string;
  /** Extra environment variables (added to the hermetic environment). */
  readonly env?: Readonly<Record<string, string>>;
  /** Text written to the process's stdin. */
  readonly input?: string;
  /** Exit codes that are not failures. @defaultValue `[0]` */
  readonly okExitCodes?: readonly number[];
}

/** The outcome of a git invocation whose exit code was accepted. */
export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs git. Injectable so tests can count or observe every git process MAKER starts. */
export interface GitRunner {
  run(request: GitRequest): Promise<GitResult>;
}

/** The fixed identity of every commit MAKER writes. */
export const MAKER_IDENTITY = { name: 'MAKER', email: 'maker@localhost' } as const;

/** `-c` settings that make git immune to a user's configuration (hooks, signing, line endings…). */
export const HERMETIC_GIT_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'commit.gpgSign=false',
  'tag.gpgSign=false',
  'core.autocrlf=false',
  'core.safecrlf=false',
  'core.fsmonitor=false',
  'core.untrackedCache=false',
  'core.symlinks=true',
  'core.quotePath=false',
  'core.packedRefsTimeout=10000',
  'core.attributesFile=/dev/null',
  'core.excludesFile=/dev/null',
  'gc.auto=0',
  'maintenance.auto=false',
  'submodule.recurse=false',
  'init.defaultBranch=main',
  'advice.detachedHead=false',
  `user.name=${MAKER_IDENTITY.name}`,
  `user.email=${MAKER_IDENTITY.email}`,
];

const ALLOWED_GIT_ENV = [
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_GLOBAL',
  'GIT_TERMINAL_PROMPT',
  'GIT_ATTR_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_OPTIONAL_LOCKS',
];

/** The environment of every git process: nothing inherited but `PATH`; `HOME` is an empty dir. */
export function hermeticGitEnv(emptyHome: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: emptyHome,
    XDG_CONFIG_HOME: emptyHome,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_AUTHOR_NAME: MAKER_IDENTITY.name,
    GIT_AUTHOR_EMAIL: MAKER_IDENTITY.email,
    GIT_COMMITTER_NAME: MAKER_IDENTITY.name,
    GIT_COMMITTER_EMAIL: MAKER_IDENTITY.email,
  };
}

/** Options of {@link SimpleGitRunner}. */
export interface SimpleGitRunnerOptions {
  /** Directory used as `HOME` / `XDG_CONFIG_HOME` of git: must exist and stay empty. */
  readonly emptyHome: string;
  /** Most git processes this runner runs at once. @defaultValue 6 */
  readonly maxConcurrentProcesses?: number;
}

/** The default runner: simple-git with a hermetic environment and configuration. */
export class SimpleGitRunner implements GitRunner {
  private readonly env: Record<string, string>;
  private readonly limit: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: SimpleGitRunnerOptions) {
    this.env = hermeticGitEnv(options.emptyHome);
    this.limit = options.maxConcurrentProcesses ?? 6;
  }

  async run(request: GitRequest): Promise<GitResult> {
    await this.acquireSlot();
    try {
      return await this.spawn(request);
    } finally {
      this.releaseSlot();
    }
  }

  private async spawn(request: GitRequest): Promise<GitResult> {
    let outcome: { exitCode: number; stderr: string } = { exitCode: 0, stderr: '' };
    const git = simpleGit({
      baseDir: request.cwd,
      config: [...HERMETIC_GIT_CONFIG],
      maxConcurrentProcesses: 1,
      unsafe: {
        allowUnsafeHooksPath: true,
        allowUnsafeConfigPaths: true,
        allowUnsafeTemplateDir: true,
        allowUnsafeFsMonitor: true,
      },
      allowEnvironment: ALLOWED_GIT_ENV,
      input: () => request.input,
      errors: (error, result) => {
        const stderr = Buffer.concat(result.stdErr).toString('utf8');
        outcome = { exitCode: result.exitCode, stderr: stderr || (error ? String(error) : '') };
        return undefined;
      },
    })
      .env({ ...this.env, ...request.env })
      .outputHandler((_command, stdout) => {
        // simple-git waits a fixed 50 ms after a process that printed nothing (update-ref, add,
        // read-tree…); an empty chunk marks the output as seen, so silent commands finish at exit.
        process.nextTick(() => stdout.emit('data', Buffer.alloc(0)));
      });
    const stdout = await git.raw([...request.args]);
    const ok = request.okExitCodes ?? [0];
    if (!ok.includes(outcome.exitCode)) {
      throw new GitCommandError(request.args, outcome.exitCode, outcome.stderr);
    }
    return { stdout, stderr: outcome.stderr, exitCode: outcome.exitCode };
  }

  private async acquireSlot(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
