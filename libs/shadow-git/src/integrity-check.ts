import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError, ShadowRepoCorruptError } from './errors.js';
import type { FileLock } from './file-lock.js';
import type { GitDir } from './git-dir.js';
import { type LedgerState, RefLedger } from './ref-ledger.js';
import type { ShadowLayout } from './shadow-layout.js';

const MAX_ROUNDS = 8;

/**
 * Checks the shadow repository: `git fsck --full --strict` finds missing or damaged objects, and
 * every ref MAKER recorded in a ledger must still be where MAKER put it (reflog-independent).
 * Ledgers written concurrently are re-read until stable (seqlock on their version numbers).
 * Throws {@link ShadowRepoCorruptError} naming every problem found.
 */
export async function verifyShadowRepo(
  layout: ShadowLayout,
  git: GitDir,
  worktreeLock: FileLock,
  cause?: unknown,
): Promise<void> {
  const problems: string[] = [];
  if (!(await exists(path.join(layout.gitDir, 'HEAD')))) {
    throw new ShadowRepoCorruptError([`${layout.gitDir} is not a git directory`], { cause });
  }
  problems.push(...(await worktreeLock.withLock(() => fsckProblems(git))));
  problems.push(...(await refProblems(layout, git)));
  if (problems.length > 0) throw new ShadowRepoCorruptError(problems, { cause });
}

async function fsckProblems(git: GitDir): Promise<string[]> {
  try {
    await git.run(['fsck', '--full', '--strict', '--no-dangling', '--no-progress']);
    return [];
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const lines = error.stderr.split('\n').filter((line) => line.trim() !== '');
    return [`git fsck failed (exit ${error.exitCode}): ${lines.slice(0, 10).join(' | ') || 'no output'}`];
  }
}

async function refProblems(layout: ShadowLayout, git: GitDir): Promise<string[]> {
  const ledgers = (await ledgerFiles(layout.ledgerRoot())).map((file) => new RefLedger(file));
  const problems: string[] = [];
  let unsettled = ledgers;
  for (let round = 0; round < MAX_ROUNDS && unsettled.length > 0; round++) {
    const before = await Promise.all(unsettled.map(readLedger));
    let refs: Map<string, string>;
    try {
      refs = await git.listRefs('refs/maker/');
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      return [`cannot list MAKER refs: ${error.stderr.trim()}`];
    }
    const after = await Promise.all(unsettled.map(readLedger));
    const next: RefLedger[] = [];
    unsettled.forEach((ledger, i) => {
      const [first, second] = [before[i]!, after[i]!];
      if (typeof first === 'string') problems.push(first);
      else if (typeof second === 'string' || second.version !== first.version) next.push(ledger);
      else problems.push(...compare(ledger.file, first, refs));
    });
    unsettled = next;
  }
  for (const ledger of unsettled) problems.push(`ledger ${ledger.file} kept changing during the check`);
  return problems;
}

function compare(file: string, state: LedgerState, refs: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [ref, recorded] of Object.entries(state.refs)) {
    if (state.pending[ref]) continue;
    const actual = refs.get(ref);
    if (actual !== recorded) {
      problems.push(`ref ${ref} is at ${actual ?? '(missing)'} but MAKER recorded ${recorded} (${file})`);
    }
  }
  for (const [ref, { from, to }] of Object.entries(state.pending)) {
    const actual = refs.get(ref) ?? null;
    if (actual !== from && actual !== to) {
      problems.push(`ref ${ref} is at ${actual ?? '(missing)'}, expected ${from} or ${to} (${file})`);
    }
  }
  return problems;
}

async function readLedger(ledger: RefLedger): Promise<LedgerState | string> {
  try {
    return await ledger.read();
  } catch (error) {
    return `ledger ${ledger.file} is unreadable: ${(error as Error).message}`;
  }
}

async function ledgerFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ledgerFiles(full);
      return Promise.resolve(entry.name.endsWith('.json') ? [full] : []);
    }),
  );
  return nested.flat();
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
