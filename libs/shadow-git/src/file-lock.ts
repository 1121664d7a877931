import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LockTimeoutError } from './errors.js';

/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** A held lock whose heartbeat is older than this is stale and may be broken. @defaultValue 30000 */
  readonly staleMs?: number;
  /** Give up waiting after this long. @defaultValue 120000 */
  readonly timeoutMs?: number;
}

interface Owner {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
}

const inProcessQueues = new Map<string, Promise<void>>();

/**
 * A cross-process mutual-exclusion lock: a directory created with `mkdir` (atomic on POSIX), with an
 * owner file and a heartbeat (the directory's mtime). A lock whose owner process is dead (same
 * host) or whose heartbeat is older than `staleMs` is broken by renaming it away. Callers in the
 * same process queue in memory instead of polling. Correctness of merges does not rest on this lock
 * alone: ref updates are compare-and-swap transactions.
 */
export class FileLock {
  private readonly staleMs: number;
  private readonly timeoutMs: number;

  constructor(
    readonly dir: string,
    options: FileLockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** Runs `work` while holding the lock. */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const previous = inProcessQueues.get(this.dir) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    inProcessQueues.set(this.dir, tail);
    await previous;
    try {
      return await this.withFileLock(work);
    } finally {
      release();
      if (inProcessQueues.get(this.dir) === tail) inProcessQueues.delete(this.dir);
    }
  }

  private async withFileLock<T>(work: () => Promise<T>): Promise<T> {
    const owner: Owner = { token: randomUUID(), pid: process.pid, host: hostname() };
    await this.acquire(owner);
    const beat = setInterval(
      () => {
        const now = new Date();
        utimes(this.dir, now, now).catch(() => undefined);
      },
      Math.max(50, Math.floor(this.staleMs / 3)),
    );
    beat.unref();
    try {
      return await work();
    } finally {
      clearInterval(beat);
      await this.releaseIfOwned(owner);
    }
  }

  private async acquire(owner: Owner): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    await mkdir(path.dirname(this.dir), { recursive: true });
    for (let round = 0; ; round++) {
      if (await this.tryCreate(owner)) return;
      await this.breakIfStale();
      if (Date.now() > deadline) throw new LockTimeoutError(this.dir);
      const backoff = Math.min(50, 2 + round * 2);
      await new Promise((resolve) => setTimeout(resolve, backoff + Math.random() * backoff));
    }
  }

  private async tryCreate(owner: Owner): Promise<boolean> {
    try {
      await mkdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await writeFile(path.join(this.dir, 'owner.json'), JSON.stringify(owner));
    return true;
  }

  private async breakIfStale(): Promise<void> {
    const info = await this.inspect();
    if (!info?.stale) return;
    const tombstone = `${this.dir}.stale-${randomUUID()}`;
    try {
      await rename(this.dir, tombstone);
    } catch {
      return;
    }
    await rm(tombstone, { recursive: true, force: true });
  }

  private async inspect(): Promise<{ stale: boolean } | null> {
    try {
      const { mtimeMs } = await stat(this.dir);
      if (Date.now() - mtimeMs > this.staleMs) return { stale: true };
      const owner = await this.readOwner();
      return { stale: owner !== null && owner.host === hostname() && !isAlive(owner.pid) };
    } catch {
      return null;
    }
  }

  private async readOwner(): Promise<Owner | null> {
    try {
      return JSON.parse(await readFile(path.join(this.dir, 'owner.json'), 'utf8')) as Owner;
    } catch {
      return null;
    }
  }

  private async releaseIfOwned(owner: Owner): Promise<void> {
    const current = await this.readOwner();
    if (current?.token !== owner.token) return;
    const tombstone = `${this.dir}.released-${randomUUID()}`;
    await rename(this.dir, tombstone).catch(() => undefined);
    await rm(tombstone, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
