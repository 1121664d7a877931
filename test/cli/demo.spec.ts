import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMaker } from '../support/run-cli.js';
import { uniquePrefix } from '../support/service-process.js';

describe('maker demo', () => {
  it('hanoi: solves 10 disks through the voting path with zero errors, k from the k_min formula', () => {
    const result = runMaker(['demo', 'hanoi', '--disks', '10', '--error-rate', '0.01', '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ moves: 1023, errors: 0, k: 3 });
    // Expected samples per move ≈ k / (2p − 1) = 3 / 0.98 ≈ 3.06 (maker-voting.md).
    expect(report.samples / report.moves).toBeGreaterThan(3);
    expect(report.samples / report.moves).toBeLessThan(3.3);
  });

  it('hanoi: with k = 1 and weak atoms it makes errors and says so', () => {
    const result = runMaker(['demo', 'hanoi', '--disks', '6', '--error-rate', '0.2', '--k', '1', '--json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).errors).toBeGreaterThan(0);
  });

  it('runs the example plan on a fresh TypeScript project, printing the Cockpit URL first and a summary last', () => {
    const result = runMaker(['demo'], { MAKER_PREFIX: uniquePrefix('demo'), CEREBRAS_API_KEY: '' });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Cockpit: +http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(result.stdout).toMatch(/Plan completed: 6 completed/);
    expect(result.stdout).toMatch(/Votes \d+ · samples \d+ · red flags \d+ · tokens \d+/);
    const workspace = /Workspace: (\S+)/.exec(result.stdout)![1];
    expect(readFileSync(path.join(workspace, 'src/math/multiply.ts'), 'utf8')).toContain('return a * b;');
    expect(existsSync(path.join(workspace, 'test/subtract.test.ts'))).toBe(true);
    const log = execFileSync('git', ['log', '--oneline'], { cwd: workspace }).toString().trim().split('\n');
    expect(log).toHaveLength(1);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: workspace }).toString()).not.toContain(
      '.maker',
    );
  }, 120_000);
});
