import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeLlmServer } from '@maker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type Stack, startStack, userRepository } from '../support/stack.js';
import { treeHash } from '../support/tree-hash.js';

const SUM =
  'FILE: src/sum.ts\n```ts\nexport function sum(a: number, b: number): number {\n  return a + b;\n}\n```\n';
const SUM_TEST =
  'FILE: test/sum.test.ts\n```ts\nimport { sum } from "../src/sum.js";\nexport const works = sum(2, 2) === 4;\n```\n';
const REVIEW = '{"verdict": "APPROVE", "issues": [], "summary": "small and correct"}';

let llm: FakeLlmServer;
let stack: Stack;
let api: PlanApi;

beforeAll(async () => {
  llm = new FakeLlmServer({
    seed: 11,
    rules: [
      { match: 'Add a sum function', answer: SUM, latencyMs: 5 },
      { match: 'Write tests for sum', answer: SUM_TEST, latencyMs: 5 },
      { match: 'Review the sum module', answer: REVIEW, latencyMs: 5 },
    ],
  });
  const baseUrl = await llm.start();
  stack = await startStack(
    { MAKER_LLM_PROVIDER: 'openai-compatible', MAKER_LLM_BASE_URL: baseUrl, MAKER_LLM_MODEL: 'fake-model' },
    ['orchestrator', 'script-generator', 'executor'],
  );
  api = new PlanApi(stack.url('orchestrator'));
});

afterAll(async () => {
  await stack?.stop();
  await llm?.stop();
});

describe('end to end: four processes, real Redis, real git, the fake LLM', () => {
  it('runs a plan that writes code into a user repository without touching its git history', async () => {
    const workspace = userRepository({ 'README.md': '# project\n', 'package.json': '{"name":"demo"}\n' });
    const gitBefore = treeHash(path.join(workspace, '.git'));
    const submitted = await api.submit({
      title: 'sum module',
      micro_tasks: [
        {
          id: 'code',
          description: 'Add a sum function in src/sum.ts',
          atom_type: 'Coder',
          outputs: ['src/sum.ts'],
        },
        {
          id: 'tests',
          description: 'Write tests for sum in test/sum.test.ts',
          atom_type: 'Tester',
          dependencies: ['code'],
        },
        {
          id: 'review',
          description: 'Review the sum module',
          atom_type: 'Reviewer',
          dependencies: ['tests'],
        },
      ],
      options: { workspace, k: 2 },
    });
    expect(submitted.status).toBe(201);
    const planId = submitted.body.plan_id as string;
    const events = await api.waitForEvent(planId, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    expect(readFileSync(path.join(workspace, 'src/sum.ts'), 'utf8')).toContain('return a + b;');
    expect(existsSync(path.join(workspace, 'test/sum.test.ts'))).toBe(true);
    expect(treeHash(path.join(workspace, '.git'))).toBe(gitBefore);
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: workspace }).toString();
    expect(status).not.toContain('.maker');
    expect(status).toContain('?? src/');
    for (const name of [
      'script_generated',
      'vote_started',
      'vote_sample',
      'vote_completed',
      'merge',
      'snapshot',
    ]) {
      expect(
        events.some((e) => e.event === name),
        name,
      ).toBe(true);
    }
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
});
