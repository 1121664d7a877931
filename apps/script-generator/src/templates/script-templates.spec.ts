import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ATOM_TYPES, type AtomType } from '@maker/contracts';
import { atomCallSettings, createChatProvider, resolveLlmSettings } from '@maker/llm';
import { ShadowRepo } from '@maker/shadow-git';
import { runTaskScript } from '@maker/task-runtime';
import { FakeLlmServer } from '@maker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptChecker } from '../checking/script-checker.js';
import { templateScript } from './script-templates.js';

const ANSWERS: Record<AtomType, string> = {
  Coder: 'FILE: src/sum.ts\n```ts\nexport const sum = (a: number, b: number) => a + b;\n```\n',
  Tester:
    'FILE: test/sum.test.ts\n```ts\nimport { sum } from "../src/sum.js";\nexport const ok = sum(1, 2) === 3;\n```\n',
  Reviewer: '{"verdict": "APPROVE", "issues": [], "summary": "fine"}',
  Validator: '{"valid": true, "violations": []}',
  Search:
    '{"results": [{"file": "README.md", "line_start": 1, "line_end": 1, "snippet": "# demo"}], "summary": "found"}',
  Planner: 'Step 1: do it.',
  Architect: 'Use a module per feature.',
  GritsAnalyzer: 'No structural problems.',
};

let server: FakeLlmServer;
let baseUrl: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = new FakeLlmServer({
    seed: 3,
    rules: ATOM_TYPES.map((t) => ({ match: `task for ${t}`, answer: ANSWERS[t] })),
  });
  baseUrl = await server.start();
});

afterAll(async () => {
  await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function runTemplate(atomType: AtomType, feedback: string[] = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-template-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  const repo = await ShadowRepo.open(dir);
  await repo.startPlan('p');
  const config = resolveLlmSettings({
    MAKER_LLM_PROVIDER: 'openai-compatible',
    MAKER_LLM_BASE_URL: baseUrl,
    MAKER_LLM_MODEL: 'fake',
  });
  const description = `task for ${atomType}`;
  return runTaskScript(templateScript({ atom_type: atomType, feedback }), {
    planId: 'p',
    taskId: 't',
    attempt: 1,
    task: {
      id: 't',
      description,
      atom_type: atomType,
      inputs: [],
      outputs: [],
      seed_symbols: [],
      attempt: 1,
      k: 2,
    },
    maxSamples: 10,
    checkout: repo.taskCheckout('p', 't', 1),
    workspace: repo.workspace,
    provider: createChatProvider(config),
    atomSettings: (t) => atomCallSettings(config, t),
    emit: () => {},
  });
}

describe('template scripts', () => {
  const checker = new ScriptChecker();

  it.each(ATOM_TYPES)('the %s template passes the static checks', (atomType) => {
    expect(checker.check(templateScript({ atom_type: atomType, feedback: [] }))).toEqual([]);
  });

  it.each(ATOM_TYPES)('the %s template runs to success against the real host API', async (atomType) => {
    const report = await runTemplate(atomType);
    expect(report.error).toBeUndefined();
    expect(report.outcome).toBe('succeeded');
    const writes = atomType === 'Coder' || atomType === 'Tester';
    expect(report.commit === null).toBe(!writes);
  });

  it('carries red-flag feedback into the prompt, safely quoted', () => {
    const script = templateScript({ atom_type: 'Coder', feedback: ['import cycle: "a" → b\nnext line'] });
    expect(checker.check(script)).toEqual([]);
    expect(script).toContain('import cycle: \\"a\\" → b\\nnext line');
  });

  it('fails a Reviewer task whose review rejects the change', async () => {
    server.setRules([
      { match: 'task for Reviewer', answer: '{"verdict": "REJECT", "issues": [], "summary": "no"}' },
    ]);
    const report = await runTemplate('Reviewer');
    expect(report.outcome).toBe('failed');
    expect(report.error?.message).toMatch(/rejected/);
  });
});

describe('static checks of scripts', () => {
  const checker = new ScriptChecker();

  it.each([
    ['an unknown function', 'launch_missiles()', /launch_missiles/],
    ['a host function with the wrong arity', 'vote(AtomType::Coder, "x")', /vote/],
    ['a script function named like a host function', 'fn apply(x) { x } apply(1)', /apply/],
    ['a syntax error', 'let = 3;', /.+/],
    ['eval', 'eval("1")', /eval/],
  ])('rejects %s', (_name, script, message) => {
    const diagnostics = checker.check(script);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(ScriptChecker.describe(diagnostics).join('\n')).toMatch(message);
  });

  it('accepts functions the script defines', () => {
    expect(checker.check('fn twice(x) { x * 2 } twice(task.k)')).toEqual([]);
  });
});
