import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError } from './errors.js';
import type { GitDir, RefUpdate } from './git-dir.js';

/** The recorded state of one ledger file: where MAKER last put each of its refs. */
export interface LedgerState {
  /** Incremented on every write: readers detect concurrent writes (a seqlock). */
  readonly version: number;
  readonly refs: Readonly<Record<string, string>>;
  /** Ref updates in flight: the ref may legitimately be at `from` or `to` (null = absent). */
  readonly pending: Readonly<Record<string, { from: string | null; to: string | null }>>;
}

const EMPTY: LedgerState = { version: 0, refs: {}, pending: {} };

/**
 * A reflog-independent record of the refs MAKER wrote, kept in a JSON file under `.maker/state`.
 * Every ref change is written ahead as pending, applied with a compare-and-swap transaction, then
 * recorded, so a crash between the steps never looks like a ref moved behind MAKER's back.
 * One writer per file at a time (the plan lock, or the single owner of a task attempt).
 */
export class RefLedger {
  constructor(readonly file: string) {}

  /** Reads the ledger; a missing file is an empty ledger. Throws on unparsable content. */
  async read(): Promise<LedgerState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
      throw error;
    }
    return JSON.parse(text) as LedgerState;
  }

  /** Applies `updates` to the git dir as one CAS transaction, recording them in the ledger. */
  async apply(git: GitDir, updates: readonly RefUpdate[]): Promise<void> {
    const before = await this.read();
    const pending = { ...before.pending };
    for (const u of updates) pending[u.ref] = { from: u.from, to: u.to };
    await this.write({ version: before.version + 1, refs: before.refs, pending });
    try {
      await git.updateRefs(updates);
    } catch (error) {
      // git itself refused the transaction: nothing moved. Any other failure (a killed or lost
      // process) is ambiguous, so the pending entries stay and both outcomes remain acceptable.
      if (error instanceof GitCommandError) await this.settle(updates, false);
      throw error;
    }
    await this.settle(updates, true);
  }

  /** Deletes the ledger file (its refs are no longer MAKER's to watch). */
  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }

  private async settle(updates: readonly RefUpdate[], applied: boolean): Promise<void> {
    const current = await this.read();
    const refs = { ...current.refs };
    const pending = { ...current.pending };
    for (const u of updates) {
      delete pending[u.ref];
      if (!applied) continue;
      if (u.to === null) delete refs[u.ref];
      else refs[u.ref] = u.to;
    }
    await this.write({ version: current.version + 1, refs, pending });
  }

  private async write(state: LedgerState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temp, JSON.stringify(state));
    await rename(temp, this.file);
  }
}
