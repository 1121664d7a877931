import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  type RunningService,
  type ServiceName,
  startService,
  uniquePrefix,
} from '../support/service-process.js';

const SERVICES: ServiceName[] = ['orchestrator', 'script-generator', 'executor', 'cockpit-gateway'];

describe.each(SERVICES)('the %s service', (name) => {
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });

  it('serves liveness, readiness while Redis answers, and metrics labelled with its name; exits 0 promptly on SIGTERM', async () => {
    running = await startService(name, { MAKER_PREFIX: uniquePrefix() });
    const live = await fetch(`${running.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${running.url}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain(`service="${name}"`);
    expect(running.logs.every((l) => 'raw' in l || l.service === name)).toBe(true);
    const stopping = performance.now();
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(performance.now() - stopping).toBeLessThan(5_000);
  });

  it('reports not ready while Redis does not answer', async () => {
    running = await startService(name, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect((await fetch(`${running.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${running.url}/health/ready`)).status).toBe(503);
  });

  it('refuses to start with a bad variable, naming it', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'apps', name, 'dist', 'main.js')], {
      env: { ...process.env, PORT: 'not-a-port', MAKER_PREFIX: 'bad prefix!' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/MAKER_PREFIX/);
  });
});
