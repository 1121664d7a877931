import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TERMINAL_PLAN_STATES } from '@maker/contracts';
import { planKeys } from '@maker/service-kit';
import { startStandIns } from './stand-ins.mjs';

const ENTRY = fileURLToPath(new URL('../../apps/orchestrator/dist/main.js', import.meta.url));

/** Starts the real orchestrator as its own process and resolves with its URL. */
export function startOrchestrator(env) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ENTRY], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`orchestrator exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const { msg, port } = JSON.parse(line);
        if (msg?.endsWith('listening'))
          resolve({
            url: `http://127.0.0.1:${port}`,
            pid: child.pid,
            stop: () => child.kill(process.env.BENCH_STOP_SIGNAL ?? 'SIGKILL'),
          });
      } catch {}
    });
  });
}

export async function submit(url, plan) {
  const response = await fetch(`${url}/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plan),
  });
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
  return (await response.json()).plan_id;
}

/** Polls the plan's state in Redis until it ends. */
export async function waitForEnd(redis, prefix, planId) {
  for (;;) {
    const status = await redis.hget(planKeys(prefix, planId).meta, 'status');
    if (TERMINAL_PLAN_STATES.includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs `run(orchestrator, prefix)` against a fresh orchestrator process and stand-in workers on a
 * prefix of their own, and stops both afterwards.
 */
export async function withOrchestrator(standInOptions, run) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const orchestrator = await startOrchestrator({ MAKER_PREFIX: prefix, MAKER_RESULTS_CONCURRENCY: '64' });
  const standIns = startStandIns(prefix, standInOptions);
  try {
    return await run(orchestrator, prefix);
  } finally {
    await standIns.close();
    orchestrator.stop();
  }
}
