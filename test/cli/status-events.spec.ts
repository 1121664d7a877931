import { MakerHttpClient } from '@maker/client';
import type { MakerEvent } from '@maker/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maker, startMaker } from '../client/support/cli-process.js';
import { architectPlan, PlanStack, removeTempDirs, uniquePrefix } from '../client/support/plan-stack.js';

let stack: PlanStack;
let api: Record<string, string>;
let client: MakerHttpClient;

beforeAll(async () => {
  stack = await PlanStack.start('cli-status', { MAKER_API_TOKENS: 'other,secret' });
  api = { MAKER_API_URL: stack.url, MAKER_API_TOKEN: 'secret' };
  client = new MakerHttpClient({ baseUrl: stack.url, token: 'secret' });
});

afterAll(async () => {
  await stack?.stop();
  removeTempDirs();
});

const chain = (planId: string, descriptions: Record<string, string> = {}) =>
  architectPlan(planId, [
    ['a', descriptions.a ?? 'first step'],
    ['b', descriptions.b ?? 'second step', ['a']],
    ['c', descriptions.c ?? 'third step', ['b']],
  ]);

let finished: Promise<string> | undefined;

/** One completed plan, shared by the tests that only read it. */
function completedPlan(): Promise<string> {
  finished ??= (async () => {
    const planId = uniquePrefix('done');
    await client.submitPlan(chain(planId));
    await client.waitForCompletion(planId, { timeoutMs: 20_000 });
    return planId;
  })();
  return finished;
}

describe('maker status', () => {
  it('--json prints the plan with its counts and tasks as the API has them', async () => {
    const planId = await completedPlan();
    const result = await maker(['status', planId, '--json'], api);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await client.getPlan(planId));
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', counts: { completed: 3 } });
  });

  it('prints one plan with a table of its tasks', async () => {
    const planId = await completedPlan();
    const { status, stdout } = await maker(['status', planId], api);
    expect(status).toBe(0);
    expect(stdout).toContain(
      `plan ${planId}: test plan ${planId}\n  status    completed\n  tasks     3 (3 completed)`,
    );
    expect(stdout).toMatch(/TASK\s+STATE\s+ATTEMPTS\s+ATOM\s+DEPENDS\s+DESCRIPTION\n/);
    expect(stdout).toMatch(/\nb\s+completed\s+1\s+Coder\s+a\s+second step\n/);
  });

  it('lists every plan, newest first, as a table or as JSON', async () => {
    const planId = await completedPlan();
    const human = await maker(['status'], api);
    expect(human.status).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(/^PLAN\s+STATUS\s+DONE\s+CREATED\s+TITLE$/);
    expect(human.stdout).toMatch(new RegExp(`\n${planId}\\s+completed\\s+3/3\\s`));
    const json = JSON.parse((await maker(['status', '--json'], api)).stdout);
    expect(json.plans.find((p: { plan_id: string }) => p.plan_id === planId)).toMatchObject({
      status: 'completed',
    });
    const created = json.plans.map((p: { created_at: string }) => p.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('says "no plan X" and exits 1 for an unknown plan', async () => {
    const human = await maker(['status', 'nope'], api);
    expect(human).toMatchObject({ status: 1, stderr: 'maker: no plan nope\n' });
    const json = await maker(['status', 'nope', '--json'], api);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no plan nope', status: 404 },
    });
  });

  it('sends the bearer token from --token or MAKER_API_TOKEN, and exits 2 with a hint without one', async () => {
    expect((await maker(['status', '--api', stack.url, '--token', 'secret'], {})).status).toBe(0);
    expect((await maker(['status'], api)).status).toBe(0);
    const refused = await maker(['status', '--api', stack.url], { MAKER_API_TOKEN: '' });
    expect(refused).toMatchObject({
      status: 2,
      stderr: 'maker: a valid bearer token is required (set --token or MAKER_API_TOKEN)\n',
    });
  });
});

describe('maker events', () => {
  it('prints the events after a seq as JSON lines, matching the API', async () => {
    const planId = await completedPlan();
    const result = await maker(['events', planId, '--after', '3', '--json'], api);
    expect(result.status).toBe(0);
    const printed = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as MakerEvent);
    expect(printed).toEqual((await client.events(planId, 3)).events);
    expect(printed[0].seq).toBe(4);
  });

  it('prints human lines: seq, time, event, task, message', async () => {
    const planId = await completedPlan();
    const { stdout } = await maker(['events', planId], api);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^\\s+1 \\d\\d:\\d\\d:\\d\\d\\.\\d{3} plan_accepted\\s+-\\s+plan "test plan ${planId}"`),
    );
    expect(lines.find((l) => / task_completed +a /.test(l))).toBeDefined();
    expect(lines.at(-1)).toMatch(/ plan_completed /);
  });

  it('--follow streams a running plan to its end with no gap and exits 0 when it completed', async () => {
    const planId = uniquePrefix('follow');
    await client.submitPlan(chain(planId, { b: 'second [hold]' }));
    const follow = startMaker(['events', planId, '--follow', '--json'], api);
    await follow.waitForOutput(/"event":"task_started","plan_id":"[^"]+","task_id":"b"/);
    stack.release(planId, 'b');
    const { status, stdout } = await follow.exit;
    expect(status).toBe(0);
    const seqs = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as MakerEvent).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!).event).toBe('plan_completed');
    expect(seqs.at(-1)).toBe((await client.getPlan(planId)).seq);
  });

  it('--follow with an unreachable --gateway falls back to polling the API and misses nothing', async () => {
    const planId = uniquePrefix('follow-gw');
    await client.submitPlan(chain(planId));
    const result = await maker(
      ['events', planId, '--follow', '--json', '--gateway', 'http://127.0.0.1:9'],
      api,
    );
    expect(result.status).toBe(0);
    const seqs = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as MakerEvent).seq);
    expect(seqs).toEqual((await client.events(planId)).events.map((e) => e.seq));
  });

  it('--follow exits 1 when the plan fails', async () => {
    const planId = uniquePrefix('follow-fail');
    await client.submitPlan(chain(planId, { b: 'second [fail]' }));
    const { status, stdout } = await maker(['events', planId, '--follow'], api);
    expect(status).toBe(1);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/ plan_failed /);
  });

  it('--follow on a plan that already ended prints what is left and stops', async () => {
    const planId = await completedPlan();
    const { seq } = await client.getPlan(planId);
    const result = await maker(['events', planId, '--follow', '--after', String(seq)], api);
    expect(result).toMatchObject({ status: 0, stdout: '' });
  });
});
