import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningService, type ServiceName, startService, uniquePrefix } from './service-process.js';

/** The four services as separate processes sharing one prefix. */
export interface Stack {
  prefix: string;
  services: Map<ServiceName, RunningService>;
  url(name: ServiceName): string;
  stop(): Promise<void>;
}

export async function startStack(
  env: Record<string, string>,
  names: ServiceName[] = ['orchestrator', 'script-generator', 'executor', 'cockpit-gateway'],
): Promise<Stack> {
  const prefix = env.MAKER_PREFIX ?? uniquePrefix('e2e');
  const started = await Promise.all(
    names.map((name) => startService(name, { MAKER_PREFIX: prefix, MAKER_SWEEP_INTERVAL_MS: '200', ...env })),
  );
  const services = new Map(started.map((s) => [s.name, s]));
  return {
    prefix,
    services,
    url: (name) => services.get(name)!.url,
    stop: async () => {
      await Promise.all(started.map((s) => s.stop('SIGTERM')));
    },
  };
}

/** A temporary git repository with one commit: the user's project. */
export function userRepository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-user-'));
  for (const [file, content] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', path.dirname(path.join(dir, file))]);
    writeFileSync(path.join(dir, file), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=User', '-c', 'user.email=user@example.com', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return dir;
}
