import type { ChildProcess } from 'node:child_process';
import { spawnMaker } from '../../support/run-cli.js';

/** A `maker …` process whose output is collected as it arrives. */
export interface MakerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout contains the text (or rejects when the process exits first). */
  waitForOutput(text: string | RegExp): Promise<void>;
  /** Resolves once stderr contains the text (or rejects when the process exits first). */
  waitForStderr(text: string | RegExp): Promise<void>;
  exit: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts `maker …` without blocking this process's event loop (the stand-in workers live here, so
 * a synchronous spawn would stall the plan the command is watching).
 */
export function startMaker(args: string[], env: Record<string, string> = {}): MakerProcess {
  const child = spawnMaker(args, env);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk) => {
    out += String(chunk);
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk) => {
    err += String(chunk);
    for (const listener of listeners) listener();
  });
  const exit = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (status) => resolve({ status, stdout: out, stderr: err })),
  );
  const waitFor = (output: () => string, text: string | RegExp) => {
    const seen = () => (typeof text === 'string' ? output().includes(text) : text.test(output()));
    if (seen()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!seen()) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      void exit.then(() => {
        if (!seen())
          reject(new Error(`maker ${args.join(' ')} exited before printing ${text}:\n${out}\n${err}`));
      });
    });
  };
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitForOutput: (text) => waitFor(() => out, text),
    waitForStderr: (text) => waitFor(() => err, text),
  };
}

/** Runs `maker …` to the end. */
export function maker(args: string[], env: Record<string, string> = {}) {
  return startMaker(args, env).exit;
}
