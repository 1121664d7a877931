import { execFileSync } from 'node:child_process';
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MakerHttpClient } from '@maker/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maker, startMaker } from '../client/support/cli-process.js';
import {
  architectPlan,
  PlanStack,
  planFile,
  removeTempDirs,
  tempDir,
  uniquePrefix,
} from '../client/support/plan-stack.js';
import { REPO_ROOT } from '../support/service-process.js';

let stack: PlanStack;
let api: { MAKER_API_URL: string };
let client: MakerHttpClient;

beforeAll(async () => {
  stack = await PlanStack.start('cli-submit', { MAKER_MAX_PLAN_TASKS: '50' });
  api = { MAKER_API_URL: stack.url };
  client = new MakerHttpClient({ baseUrl: stack.url });
});

afterAll(async () => {
  await stack?.stop();
  removeTempDirs();
});

/** A fresh git repository to use as a plan's workspace (never this checkout). */
function gitWorkspace(): string {
  const dir = realpathSync(tempDir('maker-ws-'));
  writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=U', '-c', 'user.email=u@example.com', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return dir;
}

const diamond = (planId: string, cDescription = 'right') =>
  architectPlan(planId, [
    ['a', 'root'],
    ['b', 'left', ['a']],
    ['c', cDescription, ['a']],
    ['d', 'join', ['b', 'c']],
  ]);

describe('maker submit', () => {
  it('submits a valid plan and prints its id', async () => {
    const planId = uniquePrefix('sub');
    const result = await maker(['submit', planFile(diamond(planId)), '--k', '4', '--label', 'team=cli'], api);
    expect(result).toMatchObject({ status: 0, stdout: `${planId}\n` });
    const plan = await client.getPlan(planId);
    expect(plan.options).toMatchObject({ k: 4, labels: { team: 'cli' } });
  });

  it('--watch shows progress until the plan completes, prints a summary and exits 0', async () => {
    const planId = uniquePrefix('watch-ok');
    const file = planFile(diamond(planId));
    const workspace = gitWorkspace();
    const relative = path.relative(REPO_ROOT, workspace);
    const result = await maker(
      ['submit', file, '--watch', '--workspace', relative, '--max-parallel', '2'],
      api,
    );
    expect(result, result.stderr).toMatchObject({ status: 0 });
    expect(result.stdout).toMatch(new RegExp(`^submitted plan ${planId}\n`));
    expect(result.stdout).toMatch(new RegExp(`plan ${planId} completed in \\d+\\.\\ds: 4 completed\n$`));
    expect(result.stderr).toMatch(new RegExp(`${planId} \\|.*\\| 4/4 tasks \\| 0 running`));
    expect((await client.getPlan(planId)).options).toMatchObject({
      workspace,
      max_parallel: 2,
    });
  });

  it('--watch exits 1 with a summary by state when the plan fails', async () => {
    const planId = uniquePrefix('watch-fail');
    const result = await maker(['submit', planFile(diamond(planId, 'right [fail]')), '--watch'], api);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`plan ${planId} failed in .*: 2 completed, 1 failed, 1 skipped\n$`),
    );
    expect(result.stderr).toMatch(/4\/4 tasks/);
  });

  it('--watch notes an escalated task with the commands that resolve it, and carries on after a retry', async () => {
    const planId = uniquePrefix('watch-esc');
    const watch = startMaker(['submit', planFile(diamond(planId, 'right [escalate-once]')), '--watch'], api);
    await watch.waitForStderr('task c escalated: ');
    expect(watch.stderr()).toContain(`→ maker retry ${planId} c [--k N]   or   maker skip ${planId} c`);
    expect((await maker(['retry', planId, 'c'], api)).status).toBe(0);
    const result = await watch.exit;
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`plan ${planId} completed in .*: 4 completed\n$`));
  });

  it('--watch stops watching on Ctrl-C with exit 130 while the plan carries on', async () => {
    const planId = uniquePrefix('watch-int');
    const watch = startMaker(['submit', planFile(diamond(planId, 'right [hold]')), '--watch'], api);
    await stack.executing(planId, 'c');
    await watch.waitForStderr(/\| \d\/4 tasks/);
    watch.child.kill('SIGINT');
    const result = await watch.exit;
    expect(result.status).toBe(130);
    expect(result.stderr).toContain(`stopped watching; plan ${planId} carries on (maker status ${planId})`);
    expect((await client.getPlan(planId)).status).toBe('running');
    stack.release(planId, 'c');
    expect((await client.waitForCompletion(planId, { timeoutMs: 20_000 })).status).toBe('completed');
  });

  it('--watch --json prints the submission and the outcome as JSON lines', async () => {
    const planId = uniquePrefix('watch-json');
    const result = await maker(['submit', planFile(diamond(planId)), '--watch', '--json'], api);
    expect(result.status).toBe(0);
    const [submitted, outcome] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(submitted).toEqual({ ok: true, plan_id: planId, status: 'running', created: true });
    expect(outcome).toMatchObject({
      ok: true,
      plan_id: planId,
      status: 'completed',
      counts: { completed: 4 },
    });
    expect(outcome.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('submits PLAN.md with its options as query parameters', async () => {
    const file = planFile('# md plan\n- [ ] [one] first\n- [ ] second (after: one)\n', 'PLAN.md');
    const result = await maker(['submit', file, '--json', '--priority', '-5'], api);
    expect(result.status).toBe(0);
    const { plan_id } = JSON.parse(result.stdout);
    expect((await client.getPlan(plan_id)).options).toMatchObject({ priority: -5 });
  });

  it('refuses an invalid plan locally with the codes of plan validate, submitting nothing (exit 1)', async () => {
    const planId = uniquePrefix('cyclic');
    const file = planFile(
      architectPlan(planId, [
        ['x', 'x', ['y']],
        ['y', 'y', ['x']],
      ]),
    );
    const human = await maker(['submit', file], api);
    expect(human.status).toBe(1);
    expect(human.stdout).toBe(
      '✗ invalid plan: 1 error\n  circular_dependency: circular dependency: x → y → x\n',
    );
    const json = await maker(['submit', file, '--json'], api);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).errors[0]).toMatchObject({
      code: 'circular_dependency',
      cycle: ['x', 'y', 'x'],
    });
    await expect(client.getPlan(planId)).rejects.toMatchObject({ status: 404 });
  });

  it('reports a plan over the orchestrator’s own limits like a local validation error (exit 1)', async () => {
    const tasks = Array.from({ length: 60 }, (_, i): [string, string] => [`t${i}`, `task ${i}`]);
    const file = planFile(architectPlan(uniquePrefix('big'), tasks));
    const human = await maker(['submit', file], api);
    expect(human).toMatchObject({
      status: 1,
      stdout: '✗ invalid plan: 1 error\n  too_large: the plan has 60 tasks; the limit is 50\n',
    });
    const json = await maker(['submit', file, '--json'], api);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      errors: [{ code: 'too_large', message: 'the plan has 60 tasks; the limit is 50' }],
    });
  });

  it('reports a plan id conflict the API refuses (exit 1)', async () => {
    const planId = uniquePrefix('conflict');
    expect((await maker(['submit', planFile(diamond(planId))], api)).status).toBe(0);
    const result = await maker(['submit', planFile({ ...diamond(planId), title: 'other' })], api);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`plan ${planId} exists with a different body`);
  });

  it.each([
    [['--k', '0'], /--k <n>.*must be a positive integer/],
    [['--label', 'novalue'], /expected key=value/],
  ])('exits 2 on a usage error (%j)', async (flags, message) => {
    const result = await maker(['submit', planFile(diamond(uniquePrefix('usage'))), ...flags], api);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 naming the API when it cannot be reached', async () => {
    const result = await maker([
      'submit',
      planFile(diamond(uniquePrefix('down'))),
      '--api',
      'http://127.0.0.1:9',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^maker: cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
