import { describe, expect, it } from 'vitest';
import { spawnMaker } from '../support/run-cli.js';
import { uniquePrefix } from '../support/service-process.js';

describe('maker up', () => {
  it('starts the four services as separate processes and stops them all on Ctrl-C', async () => {
    const child = spawnMaker(['up', '--base-port', '0'], { MAKER_PREFIX: uniquePrefix('up') });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`maker up did not come up:\n${output}`)), 30_000);
      child.stdout!.on('data', () => {
        if (output.includes('MAKER is up')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    for (const service of ['orchestrator', 'script-generator', 'executor', 'cockpit-gateway']) {
      expect(output).toMatch(new RegExp(`${service}\\s*│ info .*${service} listening`));
    }
    const orchestrator = /API (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
    expect((await fetch(`${orchestrator}/health/ready`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    await expect(fetch(`${orchestrator}/health/live`)).rejects.toThrow();
  });
});
