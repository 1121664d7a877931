import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createChatProvider, resolveLlmSettings, atomCallSettings } from '@maker/llm';
import { ShadowRepo } from '@maker/shadow-git';
import { FakeLlmServer } from '@maker/testing';
import { InMemoryAtomJournal } from '@maker/voting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent, TaskRuntimeOptions } from './runtime-options.js';
import { runTaskScript } from './run-task-script.js';

const CODER_ANSWER =
  'FILE: src/greet.ts\n```ts\nexport function greet(name: string): string {\n  return "hello " + name;\n}\n```\n';
const CYCLE_ANSWER =
  "FILE: src/a.ts\n```ts\nimport { b } from './b.js';\nexport const a = () => b;\n```\nFILE: src/b.ts\n```ts\nimport { a } from './a.js';\nexport const b = () => a;\n```\n";

let server: FakeLlmServer;
let baseUrl: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = new FakeLlmServer({
    seed: 7,
    rules: [
      { match: 'add a greet function', answer: CODER_ANSWER },
      { match: 'make a cycle', answer: CYCLE_ANSWER },
      { match: 'undecidable', answer: 'alpha', wrongAnswers: ['beta', 'gamma', 'delta'], pCorrect: 0.34 },
      { match: 'summarise', answer: 'a summary' },
    ],
  });
  baseUrl = await server.start();
});

afterAll(async () => {
  await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function workspace(planId: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-runtime-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  const repo = await ShadowRepo.open(dir);
  await repo.startPlan(planId);
  return { dir, repo };
}

function options(description: string, extra: Partial<TaskRuntimeOptions> = {}) {
  const config = resolveLlmSettings({
    MAKER_LLM_PROVIDER: 'openai-compatible',
    MAKER_LLM_BASE_URL: baseUrl,
    MAKER_LLM_MODEL: 'fake',
  });
  const events: RuntimeEvent[] = [];
  const opts: TaskRuntimeOptions = {
    planId: 'p1',
    taskId: 't1',
    attempt: 1,
    task: {
      id: 't1',
      description,
      atom_type: 'Coder',
      inputs: [],
      outputs: [],
      seed_symbols: [],
      attempt: 1,
      k: 2,
    },
    maxSamples: 12,
    provider: createChatProvider(config),
    atomSettings: (atomType) => atomCallSettings(config, atomType),
    journal: new InMemoryAtomJournal(),
    emit: (e) => void events.push(e),
    timeoutMs: 30_000,
    ...extra,
  };
  return { opts, events };
}

const CODER_SCRIPT = `
let r = vote(AtomType::Coder, task.description, task.k, #{matcher: "code"});
if r.is_err { throw r.error; }
let files = apply(r);
let flags = check_red_flags();
if flags.flagged { throw "red flags: " + flags.reasons; }
#{ files: files, samples: r.samples }
`;

describe('task scripts with the real host API', () => {
  it('votes on a Coder answer, applies it in the task checkout and commits it', async () => {
    const { repo } = await workspace('p1');
    const { opts, events } = options('add a greet function', { checkout: repo.taskCheckout('p1', 't1', 1) });
    const report = await runTaskScript(CODER_SCRIPT, opts);
    expect(report.outcome).toBe('succeeded');
    expect(report.result).toEqual({ files: ['src/greet.ts'], samples: 2 });
    expect(report.commit).toMatch(/^[0-9a-f]{40}$/);
    const merged = await repo.mergeTask('p1', 't1', 1, report.commit!);
    await repo.syncWorkspace('p1');
    expect(readFileSync(path.join(repo.workspace, 'src/greet.ts'), 'utf8')).toContain('"hello " + name');
    expect(merged.alreadyMerged).toBe(false);
    expect(events.map((e) => e.event)).toEqual([
      'vote_started',
      'vote_sample',
      'vote_sample',
      'vote_completed',
    ]);
    expect(events[2].data.votes).toEqual(expect.objectContaining({}));
    expect(report.stats.samples).toBe(2);
  });

  it('reports a vote with no candidate ahead by k as no consensus', async () => {
    const { opts, events } = options('undecidable', { maxSamples: 6 });
    const report = await runTaskScript(
      'let r = vote(AtomType::Planner, task.description, 3, #{matcher: "exact"}); if r.is_err { throw r.error } r.value',
      opts,
    );
    expect(report.outcome).toBe('no_consensus');
    expect(report.reasons[0]).toMatch(/no_consensus/);
    expect(events.filter((e) => e.event === 'vote_sample')).toHaveLength(6);
  });

  it('flags a change that introduces an import cycle as red-flagged, naming the cycle', async () => {
    const { repo } = await workspace('p2');
    const { opts, events } = options('make a cycle', {
      planId: 'p2',
      checkout: repo.taskCheckout('p2', 't1', 1),
    });
    const report = await runTaskScript(CODER_SCRIPT, opts);
    expect(report.outcome).toBe('red_flagged');
    expect(report.reasons.join(' ')).toMatch(
      /import cycle introduced: src\/a\.ts → src\/b\.ts → src\/a\.ts|src\/b\.ts → src\/a\.ts → src\/b\.ts/,
    );
    expect(events.some((e) => e.event === 'red_flag')).toBe(true);
  });

  it('ends escalated when the script calls escalate(), even if it catches the error', async () => {
    const { opts } = options('anything');
    const report = await runTaskScript('try { escalate("needs a human decision") } catch (e) { 1 }', opts);
    expect(report.outcome).toBe('escalated');
    expect(report.reasons).toEqual(['needs a human decision']);
  });

  it('reports a thrown error with its Rhai type and position', async () => {
    const { opts } = options('anything');
    const report = await runTaskScript('let x = 1;\nx + "a" * 2', opts);
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ type: 'ErrorFunctionNotFound', line: 2 });
  });

  it('refuses a path that leaves the checkout', async () => {
    const { repo } = await workspace('p3');
    const { opts } = options('anything', { planId: 'p3', checkout: repo.taskCheckout('p3', 't1', 1) });
    const report = await runTaskScript('write_file("../outside.txt", "x")', opts);
    expect(report.outcome).toBe('failed');
    expect(report.error?.message).toMatch(/outside|escape|\.\./i);
    expect(execFileSync('ls', [path.dirname(repo.workspace)]).toString()).not.toContain('outside.txt');
  });

  it('replays journaled samples without calling the model again', async () => {
    const journal = new InMemoryAtomJournal();
    const first = options('summarise the repo', { journal });
    const script = 'let r = vote(AtomType::Planner, task.description, 2); r.value';
    const before = server.chatRequests().length;
    const a = await runTaskScript(script, first.opts);
    const between = server.chatRequests().length;
    const b = await runTaskScript(script, options('summarise the repo', { journal }).opts);
    expect(a.result).toBe('a summary');
    expect(b.result).toBe('a summary');
    expect(between - before).toBe(2);
    expect(server.chatRequests().length).toBe(between);
  });
});
