import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MakerHttpClient } from '@maker/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maker } from '../client/support/cli-process.js';
import {
  architectPlan,
  PlanStack,
  removeTempDirs,
  tempDir,
  uniquePrefix,
} from '../client/support/plan-stack.js';

let stack: PlanStack;
let api: { MAKER_API_URL: string };
let client: MakerHttpClient;

beforeAll(async () => {
  stack = await PlanStack.start('cli-control');
  api = { MAKER_API_URL: stack.url };
  client = new MakerHttpClient({ baseUrl: stack.url });
});

afterAll(async () => {
  await stack?.stop();
  removeTempDirs();
});

const diamond = (planId: string, c = 'right', b = 'left') =>
  architectPlan(planId, [
    ['a', 'root'],
    ['b', b, ['a']],
    ['c', c, ['a']],
    ['d', 'join', ['b', 'c']],
  ]);

async function untilEvent(planId: string, event: string, taskId: string | null) {
  for await (const e of client.subscribe(planId, { pollIntervalMs: 20 })) {
    if (e.event === event && e.task_id === taskId) return e;
  }
  throw new Error(`plan ${planId} ended without ${event} ${taskId}`);
}

describe('maker retry and skip', () => {
  it('retries an escalated task with a larger k, and the plan completes', async () => {
    const planId = uniquePrefix('retry');
    await client.submitPlan(diamond(planId, 'right [escalate-once]'));
    await untilEvent(planId, 'task_escalated', 'c');
    const result = await maker(['retry', planId, 'c', '--k', '5'], api);
    expect(result).toMatchObject({ status: 0, stdout: `task c of plan ${planId}: retrying with k=5\n` });
    expect((await client.waitForCompletion(planId, { timeoutMs: 20_000 })).status).toBe('completed');
    const runs = stack.workers.executed.filter((j) => j.plan_id === planId && j.task_id === 'c');
    expect(runs.map((j) => [j.attempt, j.k])).toEqual([
      [1, 3],
      [2, 5],
    ]);
  });

  it('refuses to retry a completed task: "not allowed while completed", exit 1', async () => {
    const planId = uniquePrefix('retry-done');
    await client.submitPlan(diamond(planId));
    await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    const human = await maker(['retry', planId, 'a'], api);
    expect(human).toMatchObject({
      status: 1,
      stderr: 'maker: cannot retry task a: not allowed while completed\n',
    });
    const json = await maker(['retry', planId, 'a', '--json'], api);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'conflict', status: 409 } });
  });

  it('skips an escalated task and its dependents with it', async () => {
    const planId = uniquePrefix('skip');
    await client.submitPlan(diamond(planId, 'right [escalate-once]'));
    await untilEvent(planId, 'task_escalated', 'c');
    const result = await maker(['skip', planId, 'c', '--json'], api);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, task_id: 'c', plan_id: planId, status: 'skipped' });
    const plan = await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    expect(plan.counts).toEqual({ completed: 2, skipped: 2 });
  });

  it('tells an unknown task from an unknown plan (exit 1)', async () => {
    const planId = uniquePrefix('unknown');
    await client.submitPlan(diamond(planId));
    expect(await maker(['skip', planId, 'zzz'], api)).toMatchObject({
      status: 1,
      stderr: `maker: no task zzz in plan ${planId}\n`,
    });
    expect(await maker(['skip', 'nope', 'a'], api)).toMatchObject({
      status: 1,
      stderr: 'maker: no plan nope\n',
    });
  });
});

describe('maker pause, resume, cancel', () => {
  it('pauses and resumes a running plan, refusing a second pause with the status', async () => {
    const planId = uniquePrefix('pause');
    await client.submitPlan(diamond(planId, 'right', 'left [hold]'));
    await stack.executing(planId, 'b');
    expect(await maker(['pause', planId], api)).toMatchObject({
      status: 0,
      stdout: `plan ${planId} paused (now paused)\n`,
    });
    expect(await maker(['pause', planId], api)).toMatchObject({
      status: 1,
      stderr: `maker: cannot pause plan ${planId}: not allowed while paused\n`,
    });
    expect((await maker(['resume', planId, '--json'], api)).stdout).toBe(
      `${JSON.stringify({ ok: true, plan_id: planId, status: 'running' })}\n`,
    );
    stack.release(planId, 'b');
    expect((await client.waitForCompletion(planId, { timeoutMs: 20_000 })).status).toBe('completed');
  });

  it('cancels a running plan: its unfinished tasks are cancelled', async () => {
    const planId = uniquePrefix('cancel');
    await client.submitPlan(diamond(planId, 'right', 'left [hold]'));
    await stack.executing(planId, 'b');
    expect(await maker(['cancel', planId], api)).toMatchObject({
      status: 0,
      stdout: `plan ${planId} cancelled (now cancelled)\n`,
    });
    const plan = await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    expect(plan.status).toBe('cancelled');
    expect(plan.tasks.find((t) => t.id === 'd')!.state).toBe('cancelled');
    expect((await maker(['cancel', planId], api)).stderr).toBe(
      `maker: cannot cancel plan ${planId}: not allowed while cancelled\n`,
    );
    expect((await maker(['cancel', 'nope'], api)).stderr).toBe('maker: no plan nope\n');
  });
});

describe('maker snapshots and rollback', () => {
  it('lists the snapshots of a plan with a workspace and rolls back to one', async () => {
    const workspace = tempDir('maker-ws-');
    writeFileSync(path.join(workspace, 'README.md'), 'hello\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=U', '-c', 'user.email=u@example.com', ...args], {
        cwd: workspace,
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
    const planId = uniquePrefix('snap');
    await client.submitPlan(diamond(planId), { workspace });
    await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    const listed = await maker(['snapshots', planId, '--json'], api);
    expect(listed.status).toBe(0);
    const { snapshots } = JSON.parse(listed.stdout);
    expect(snapshots[0]).toMatchObject({ id: 'base' });
    const human = await maker(['snapshots', planId], api);
    expect(human.stdout).toMatch(/^SNAPSHOT\s+COMMIT\s+CREATED\s+MESSAGE\nbase\s+[0-9a-f]{12}\s/);
    const rolled = await maker(['rollback', planId, 'base', '--json'], api);
    expect(rolled.status).toBe(0);
    expect(JSON.parse(rolled.stdout)).toMatchObject({ ok: true, plan_id: planId, snapshot: 'base' });
    expect(JSON.parse(rolled.stdout).commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await maker(['rollback', planId, 'group:nope'], api)).toMatchObject({
      status: 1,
      stderr: `maker: no snapshot group:nope in plan ${planId} (see \`maker snapshots ${planId}\`)\n`,
    });
  });

  it('says a plan without a workspace has no snapshots', async () => {
    const planId = uniquePrefix('nosnap');
    await client.submitPlan(diamond(planId));
    expect((await maker(['snapshots', planId], api)).stdout).toBe(
      `plan ${planId} has no snapshots (no workspace?)\n`,
    );
  });
});
