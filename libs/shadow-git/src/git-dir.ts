import type { GitResult, GitRunner } from './git-runner.js';

/** Options of one command run against a git directory. */
export interface GitDirCommandOptions {
  /** Work tree for commands that need one (`--work-tree`). */
  readonly workTree?: string;
  /** A private index file (`GIT_INDEX_FILE`). */
  readonly indexFile?: string;
  readonly input?: string;
  readonly okExitCodes?: readonly number[];
}

/** One ref change; `null` means "absent" (create when `from` is null, delete when `to` is null). */
export interface RefUpdate {
  readonly ref: string;
  readonly from: string | null;
  readonly to: string | null;
}

const ZERO_OID = '0000000000000000000000000000000000000000';

/**
 * A git directory addressed explicitly (`--git-dir`, `--work-tree`): git never discovers a
 * repository by walking up from a working directory, so the user's `.git` is never reached.
 */
export class GitDir {
  constructor(
    private readonly runner: GitRunner,
    readonly path: string,
  ) {}

  run(args: readonly string[], options: GitDirCommandOptions = {}): Promise<GitResult> {
    const prefix = [`--git-dir=${this.path}`];
    if (options.workTree) prefix.push(`--work-tree=${options.workTree}`);
    return this.runner.run({
      args: [...prefix, ...args],
      cwd: options.workTree ?? this.path,
      env: options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : undefined,
      input: options.input,
      okExitCodes: options.okExitCodes,
    });
  }

  /** The git directory of a linked worktree of this repository. */
  forWorktree(worktreeGitDir: string): GitDir {
    return new GitDir(this.runner, worktreeGitDir);
  }

  /** Runs a command and returns its trimmed stdout. */
  async output(args: readonly string[], options: GitDirCommandOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.trim();
  }

  /** The commit (or object) a ref or revision names, or null when it does not exist. */
  async resolve(revision: string): Promise<string | null> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], {
      okExitCodes: [0, 1],
    });
    return result.exitCode === 0 ? result.stdout.trim() : null;
  }

  /** Every ref under the given prefixes with the object it points to. */
  async listRefs(prefixes: string | readonly string[]): Promise<Map<string, string>> {
    const patterns = typeof prefixes === 'string' ? [prefixes] : prefixes;
    const out = await this.output(['for-each-ref', '--format=%(objectname) %(refname)', ...patterns]);
    const refs = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
    }
    return refs;
  }

  /** The current value of each named ref (absent refs are missing from the map). */
  async readRefs(names: readonly string[]): Promise<Map<string, string>> {
    const all = await this.listRefs(names);
    return new Map([...all].filter(([ref]) => names.includes(ref)));
  }

  /** Applies `updates` as one atomic transaction, each checked against its expected old value. */
  async updateRefs(updates: readonly RefUpdate[]): Promise<void> {
    const lines = updates.map((u) => `update ${u.ref} ${u.to ?? ZERO_OID} ${u.from ?? ZERO_OID}`);
    await this.run(['update-ref', '--stdin'], { input: `${lines.join('\n')}\n` });
  }
}
