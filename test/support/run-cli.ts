import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './service-process.js';

export const MAKER_BIN = path.join(REPO_ROOT, 'apps', 'cli', 'bin', 'maker.js');

/** Runs `maker …` to completion. */
export function runMaker(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [MAKER_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `maker …` in the background. */
export function spawnMaker(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [MAKER_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
