import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError } from './errors.js';
import { FileLock } from './file-lock.js';
import { type TempDir, tempDir } from './testing/temp-workspace.js';

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir('shadow-git-lock-');
});
afterEach(() => tmp.dispose());

function plantLock(dir: string, pid: number, ageMs = 0): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ token: 'someone', pid, host: hostname() }));
  const when = new Date(Date.now() - ageMs);
  utimesSync(dir, when, when);
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('FileLock', () => {
  it('runs critical sections one at a time and releases the lock afterwards', async () => {
    const lockDir = path.join(tmp.dir, 'lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        new FileLock(lockDir).withLock(async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((resolve) => setImmediate(resolve));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(lockDir)).toBe(false);
  });

  it('releases the lock when the critical section throws', async () => {
    const lock = new FileLock(path.join(tmp.dir, 'lock'));
    await expect(lock.withLock(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.withLock(async () => 'again')).resolves.toBe('again');
  });

  it('breaks a lock left behind by a process that died', async () => {
    const lockDir = path.join(tmp.dir, 'lock');
    plantLock(lockDir, deadPid());
    const lock = new FileLock(lockDir, { timeoutMs: 2_000 });
    await expect(lock.withLock(async () => 'acquired')).resolves.toBe('acquired');
  });

  it('breaks a lock whose heartbeat is older than staleMs', async () => {
    const lockDir = path.join(tmp.dir, 'lock');
    plantLock(lockDir, process.ppid, 60_000);
    const lock = new FileLock(lockDir, { staleMs: 10_000, timeoutMs: 2_000 });
    await expect(lock.withLock(async () => 'acquired')).resolves.toBe('acquired');
  });

  it('times out with LockTimeoutError while a live owner keeps the lock fresh', async () => {
    const lockDir = path.join(tmp.dir, 'lock');
    plantLock(lockDir, process.ppid);
    const lock = new FileLock(lockDir, { staleMs: 60_000, timeoutMs: 150 });
    const error = await lock.withLock(async () => 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).toBe('lock_timeout');
  });
});
