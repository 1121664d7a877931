import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { MakerEvent } from '@maker/contracts';
import { QueueName } from '@maker/contracts';
import { FakeLlmServer, type FakeLlmRule } from '@maker/testing';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type Stack, startStack, userRepository } from '../support/stack.js';

/**
 * Every row of the error policy (DESIGN §6) through the four real services, real Redis, real git
 * and the fake LLM. The script generator runs in LLM mode, and the fake LLM writes each task's
 * script from a marker in the task's description, so each case controls exactly what runs.
 */
const script = (marker: string, body: string): FakeLlmRule => ({
  match: new RegExp(`## current_task[\\s\\S]*${marker}`),
  answer: `\`\`\`rhai\n${body.trim()}\n\`\`\``,
});

const CYCLE =
  "FILE: src/a.ts\n```ts\nimport { b } from './b.js';\nexport const a = () => b;\n```\nFILE: src/b.ts\n```ts\nimport { a } from './a.js';\nexport const b = () => a;\n```\n";
const CODE = (file: string) => `FILE: ${file}\n\`\`\`ts\nexport const value = 1;\n\`\`\`\n`;
const CODER_SCRIPT =
  'let r = vote(AtomType::Coder, task.description, 2, #{matcher: "code"}); if r.is_err { throw r.error } apply(r); let f = check_red_flags(); if f.flagged { throw "red flags: " + f.reasons } r.samples';

const RULES: FakeLlmRule[] = [
  script(
    'case-timeout',
    'let r = vote(AtomType::Planner, "slow answer please", task.k, #{timeout_ms: 400}); if r.is_err { throw r.error } r.value',
  ),
  script('case-redflag', CODER_SCRIPT),
  script(
    'case-flaky',
    'let r = vote(AtomType::Planner, "flaky provider question", 2); if r.is_err { throw r.error } r.value',
  ),
  script(
    'case-noconsensus',
    'let r = vote(AtomType::Planner, task.description, 3, #{max_samples: 6}); if r.is_err { throw r.error } r.value',
  ),
  script('case-throws', 'throw "this task cannot be done"'),
  script(
    'case-slow',
    'let r = vote(AtomType::Planner, "long running " + task.id, 2); if r.is_err { throw r.error } r.value',
  ),
  script('case-code', CODER_SCRIPT),
  script('case-quick', 'log("quick " + task.id); task.id'),
  { match: 'slow answer please', answer: 'eventually', latencyMs: 1_500 },
  { match: 'make a cycle case-redflag', answer: CYCLE },
  { match: 'flaky provider question', answer: 'stable', failFirst: 3, failure: { status: 503 } },
  {
    match: 'undecidable case-noconsensus',
    answer: 'alpha',
    wrongAnswers: ['beta', 'gamma', 'delta', 'epsilon'],
    pCorrect: 0.3,
  },
  { match: 'clarified case-noconsensus', answer: 'clear' },
  { match: /long running/, answer: 'done', latencyMs: 1_200 },
  { match: 'write src/one.ts case-code', answer: CODE('src/one.ts') },
  { match: 'write src/two.ts case-code', answer: CODE('src/two.ts') },
  { match: 'write src/three.ts case-code', answer: CODE('src/three.ts') },
];

let llm: FakeLlmServer;
let stack: Stack;
let api: PlanApi;
let architect: Worker;
const connection = new Redis({ maxRetriesPerRequest: null });

beforeAll(async () => {
  llm = new FakeLlmServer({ seed: 21, rules: RULES });
  const baseUrl = await llm.start();
  stack = await startStack(
    {
      MAKER_LLM_PROVIDER: 'openai-compatible',
      MAKER_LLM_BASE_URL: baseUrl,
      MAKER_LLM_MODEL: 'fake',
      MAKER_SCRIPT_MODE: 'llm',
      MAKER_MAX_K: '4',
      MAKER_REPLAN_AFTER: '2',
      MAKER_EXECUTOR_CONCURRENCY: '8',
    },
    ['orchestrator', 'script-generator', 'executor'],
  );
  api = new PlanApi(stack.url('orchestrator'));
  // A stand-in Architect for re-plans: replaces the task by two harmless ones.
  architect = new Worker(
    QueueName.replan,
    async (job: Job) => ({
      plan: {
        title: 'smaller',
        micro_tasks: [
          { id: 'one', description: 'write src/one.ts case-code' },
          { id: 'two', description: 'write src/two.ts case-code', dependencies: ['one'] },
        ],
      },
      request: job.data.task_id,
    }),
    { connection, prefix: stack.prefix },
  );
});

afterAll(async () => {
  await architect?.close();
  connection.disconnect();
  await stack?.stop();
  await llm?.stop();
});

async function run(tasks: Array<Record<string, unknown>>, options: Record<string, unknown> = {}) {
  const { status, body } = await api.submit({ title: 'policy', micro_tasks: tasks, options });
  expect(status).toBe(201);
  return body.plan_id as string;
}

const of = (events: MakerEvent[], name: string, task?: string) =>
  events.filter((e) => e.event === name && (task === undefined || e.task_id === task));

describe('the error policy, end to end', () => {
  it('consensus timeout: retries with k+1, and escalates at the largest k', async () => {
    const planId = await run([{ id: 't', description: 'case-timeout', atom_type: 'Planner' }]);
    const events = await api.waitForEvent(planId, (e) => e.event === 'task_escalated', 60_000);
    expect(of(events, 'task_retry', 't').map((e) => e.details.data.k)).toEqual([4]);
    expect(of(events, 'task_escalated', 't')[0].details.message).toMatch(
      /consensus timed out at the largest k \(4\)/,
    );
    expect(of(events, 'rollback', 't')).toHaveLength(1);
  });

  it('red flag: rolls back, regenerates with the reasons, then re-plans through the Architect', async () => {
    const workspace = userRepository({ 'README.md': '# x\n' });
    const planId = await run([{ id: 'cyc', description: 'make a cycle case-redflag', atom_type: 'Coder' }], {
      workspace,
    });
    const events = await api.waitForEvent(planId, isPlanEnd, 90_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(of(events, 'rollback', 'cyc')).toHaveLength(2);
    expect(of(events, 'red_flag', 'cyc').some((e) => /import cycle introduced/.test(e.details.message))).toBe(
      true,
    );
    const prompts = llm
      .requestsMatching(/## current_task[\s\S]*case-redflag/)
      .map((r) => JSON.stringify(r.body));
    expect(
      prompts.some((p) => /earlier attempts were rejected for[\s\S]*import cycle introduced/.test(p)),
    ).toBe(true);
    expect(
      of(events, 'task_completed')
        .map((e) => e.task_id)
        .sort(),
    ).toEqual(['cyc', 'cyc.one', 'cyc.two']);
    expect(
      execFileSync('ls', [path.join(workspace, 'src')])
        .toString()
        .split('\n')
        .filter(Boolean),
    ).toEqual(['one.ts', 'two.ts']);
  });

  it('single atom failure: a failing provider call is retried and the task completes', async () => {
    const planId = await run([{ id: 'f', description: 'case-flaky', atom_type: 'Planner' }]);
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(of(events, 'task_completed', 'f')[0].details.data.result).toBe('stable');
    expect(llm.requestsMatching('flaky provider question').length).toBeGreaterThan(2);
  });

  it('all atoms fail consensus: the task escalates; a person retries it with a new description and it completes', async () => {
    const planId = await run([
      { id: 'n', description: 'undecidable case-noconsensus', atom_type: 'Planner' },
    ]);
    await api.waitForEvent(planId, (e) => e.event === 'task_escalated', 60_000);
    const retried = await api.post(`/v1/plans/${planId}/tasks/n/retry`, {
      description: 'clarified case-noconsensus',
      k: 2,
    });
    expect(retried.status).toBe(200);
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(of(events, 'task_completed', 'n')[0].details.data.result).toBe('clear');
  });

  it('circular dependency: the plan is refused with the cycle path and nothing runs', async () => {
    const response = await api.submit({
      title: 'cyclic',
      micro_tasks: [
        { id: 'a', description: 'a', dependencies: ['c'] },
        { id: 'b', description: 'b', dependencies: ['a'] },
        { id: 'c', description: 'c', dependencies: ['b'] },
      ],
    });
    expect(response).toMatchObject({
      status: 422,
      body: { error: 'circular_dependency', cycle: ['a', 'c', 'b', 'a'] },
    });
  });

  it('a failed task skips its dependents, naming the reason', async () => {
    const planId = await run([
      { id: 'bad', description: 'case-throws' },
      { id: 'next', description: 'case-quick', dependencies: ['bad'] },
      { id: 'last', description: 'case-quick', dependencies: ['next'] },
    ]);
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_failed');
    expect(of(events, 'task_failed', 'bad')[0].details.data.error).toMatchObject({ type: 'ErrorRuntime' });
    expect(of(events, 'task_skipped').map((e) => [e.task_id, e.details.message])).toEqual([
      ['next', 'skipped: dependency bad failed'],
      ['last', 'skipped: dependency bad failed'],
    ]);
  });

  it('runs the parallel branches of a diamond at the same time', async () => {
    const planId = await run([
      { id: 'top', description: 'case-quick' },
      { id: 'left', description: 'case-slow', dependencies: ['top'] },
      { id: 'right', description: 'case-slow', dependencies: ['top'] },
      { id: 'join', description: 'case-quick', dependencies: ['left', 'right'] },
    ]);
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    const window = (task: string) => {
      const started = Date.parse(of(events, 'vote_started', task)[0].timestamp);
      const ended = Date.parse(of(events, 'vote_completed', task)[0].timestamp);
      return [started, ended];
    };
    const [l0, l1] = window('left');
    const [r0, r1] = window('right');
    expect(l0).toBeLessThan(r1);
    expect(r0).toBeLessThan(l1);
  });

  it('cancels a running plan: the running script is stopped and nothing more starts', async () => {
    const planId = await run([
      { id: 's1', description: 'case-slow' },
      { id: 's2', description: 'case-quick', dependencies: ['s1'] },
    ]);
    await api.waitForEvent(planId, (e) => e.event === 'vote_started', 30_000);
    expect((await api.post(`/v1/plans/${planId}/cancel`)).body.status).toBe('cancelled');
    const events = await api.waitForEvent(planId, (e) => e.event === 'plan_cancelled', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await api.events(planId, events.at(-1)!.seq);
    expect(
      after.filter((e) => ['task_started', 'task_completed', 'vote_completed'].includes(e.event)),
    ).toEqual([]);
    expect((await api.plan(planId)).counts).toEqual({ cancelled: 2 });
  });

  it('shadow git corruption: the plan stops at once with an emergency stop', async () => {
    const workspace = userRepository({ 'README.md': '# x\n' });
    const planId = await run(
      [
        { id: 'w1', description: 'write src/one.ts case-code' },
        { id: 'w2', description: 'write src/two.ts case-code', dependencies: ['w1'] },
        { id: 'w3', description: 'write src/three.ts case-code', dependencies: ['w2'] },
      ],
      { workspace },
    );
    await api.waitForEvent(planId, (e) => e.event === 'task_completed' && e.task_id === 'w1', 60_000);
    // Move the plan's integration ref behind MAKER's back.
    const git = (...args: string[]) =>
      execFileSync('git', ['--git-dir', path.join(workspace, '.maker/shadow.git'), ...args])
        .toString()
        .trim();
    const base = git('rev-parse', `refs/maker/plans/${planId}/base`);
    git('update-ref', `refs/maker/plans/${planId}/head`, base);
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('emergency_stop');
    expect(events.at(-1)!.details.message).toMatch(/corrupt|moved/i);
    expect((await api.plan(planId)).status).toBe('emergency_stopped');
  });
});
