import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ServiceName = 'orchestrator' | 'script-generator' | 'executor' | 'cockpit-gateway';

/** A service running as a real process, with its JSON log lines collected. */
export interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  port: number;
  url: string;
  logs: Array<Record<string, unknown>>;
  stderr: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A unique key prefix so each test's Redis state is its own. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** Starts `node apps/<name>/dist/main.js` on a free port and resolves once it listens. */
export function startService(
  name: ServiceName,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunningService> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps', name, 'dist', 'main.js')], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${stderr.join('')}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${stderr.join('')}`));
    });
    collectJsonLines(child, logs, (line) => {
      if (typeof line.port !== 'number' || !String(line.msg).endsWith('listening')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = line.port;
      resolve({
        name,
        process: child,
        port,
        url: `http://127.0.0.1:${port}`,
        logs,
        stderr,
        stop: (s) => stopProcess(child, s),
      });
    });
  });
}

function collectJsonLines(
  child: ChildProcess,
  logs: Array<Record<string, unknown>>,
  onLine: (line: Record<string, unknown>) => void,
) {
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const text of lines) {
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        logs.push(line);
        onLine(line);
      } catch {
        logs.push({ raw: text });
      }
    }
  });
}

/** Sends a signal and resolves with the exit code (null when killed by the signal). */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
