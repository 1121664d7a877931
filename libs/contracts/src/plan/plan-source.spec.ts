import { describe, expect, it } from 'vitest';
import type { PlanIssueCode } from './plan-issue.js';
import { detectPlanFormat, validatePlanInput, validatePlanText } from './plan-source.js';

const task = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  description: `do ${id}`,
  atom_type: 'Coder',
  ...extra,
});
const json = (tasks: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ title: 'Plan', micro_tasks: tasks, ...extra });

function expectValid(text: string) {
  const result = validatePlanText(text);
  if (!result.ok) throw new Error(`expected a valid plan, got ${JSON.stringify(result.errors)}`);
  return result;
}

function firstError(text: string) {
  const result = validatePlanText(text);
  if (result.ok) throw new Error('expected the plan to be rejected');
  return result.errors[0];
}

describe('Architect JSON plans', () => {
  it.each<[string, string, PlanIssueCode, RegExp]>([
    ['broken JSON', '{"title": "x", ', 'invalid_json', /not valid JSON/],
    ['a missing title', JSON.stringify({ micro_tasks: [task('a')] }), 'invalid_schema', /title/],
    [
      'a task without description',
      JSON.stringify({ title: 'x', micro_tasks: [{ id: 'a' }] }),
      'invalid_schema',
      /micro_tasks\.0\.description/,
    ],
    [
      'complexity out of range',
      json([task('a', { estimated_complexity: 9 })]),
      'invalid_schema',
      /estimated_complexity/,
    ],
    ['no tasks', json([]), 'empty_plan', /no tasks/],
    ['a duplicate id', json([task('a'), task('a')]), 'duplicate_task', /duplicate task id "a"/],
    [
      'an unknown dependency',
      json([task('a', { dependencies: ['zz'] })]),
      'unknown_dependency',
      /unknown task "zz"/,
    ],
    [
      'an unknown edge pair',
      json([task('a')], { dependencies: [['a', 'q']] }),
      'unknown_dependency',
      /unknown task "q"/,
    ],
    ['a self dependency', json([task('a', { dependencies: ['a'] })]), 'self_dependency', /depends on itself/],
    ['an id with a slash', json([task('a/b')]), 'unsafe_task_id', /not a safe identifier/],
    ['an id with ..', json([task('a..b')]), 'unsafe_task_id', /not a safe identifier/],
    ['an over-long id', json([task('x'.repeat(129))]), 'unsafe_task_id', /not a safe identifier/],
    ['an empty id', json([task('')]), 'unsafe_task_id', /not a safe identifier/],
    [
      'an unknown atom type',
      json([task('a', { atom_type: 'Wizard' })]),
      'unknown_atom_type',
      /unknown atom type "Wizard"/,
    ],
  ])('rejects %s', (_name, text, code, message) => {
    const error = firstError(text);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('rejects a plan whose dependencies form a cycle, naming the whole cycle', () => {
    const error = firstError(
      json([
        task('t1'),
        task('t3', { dependencies: ['t5'] }),
        task('t5', { dependencies: ['t4'] }),
        task('t4', { dependencies: ['t3'] }),
      ]),
    );
    expect(error.code).toBe('circular_dependency');
    expect(error.cycle).toEqual(['t3', 't5', 't4', 't3']);
    expect(error.message).toBe('circular dependency: t3 → t5 → t4 → t3');
  });

  it('unites per-task dependencies with edge pairs', () => {
    const { plan, order } = expectValid(
      json([task('a'), task('b', { dependencies: ['a'] }), task('c')], {
        dependencies: [
          ['c', 'b'],
          ['b', 'a'],
        ],
      }),
    );
    expect(plan.tasks.map((t) => [t.id, t.dependencies])).toEqual([
      ['a', []],
      ['b', ['a']],
      ['c', ['b']],
    ]);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['coder', 'Coder'],
    ['REVIEWER', 'Reviewer'],
    ['grits', 'GritsAnalyzer'],
    ['gritsanalyzer', 'GritsAnalyzer'],
  ])('reads atom type %s case-insensitively as %s', (input, expected) => {
    expect(expectValid(json([task('a', { atom_type: input })])).plan.tasks[0].atom_type).toBe(expected);
  });

  it('rejects a body over the size limit', () => {
    const result = validatePlanText(json([task('a')]), { maxBytes: 10, maxTasks: 10 });
    expect(result.ok ? undefined : result.errors[0].code).toBe('too_large');
  });

  it('rejects a plan with more tasks than the limit', () => {
    const result = validatePlanText(json([task('a'), task('b')]), { maxBytes: 1e6, maxTasks: 1 });
    expect(result.ok ? undefined : result.errors[0].code).toBe('too_large');
  });

  it('accepts an already-parsed object and ignores a top-level options key', () => {
    const result = validatePlanInput({ title: 'x', micro_tasks: [task('a')], options: { k: 5 } });
    expect(result.ok).toBe(true);
  });
});

describe('PLAN.md plans', () => {
  const md = (body: string) => `# Demo plan\n\n## Phase 1: setup\n${body}\n`;

  it.each<[string, string, Array<[string, string[]]>]>([
    [
      '(depends: …) by position',
      '- [ ] one\n- [ ] two (depends: t1)',
      [
        ['t1', []],
        ['t2', ['t1']],
      ],
    ],
    [
      '(after: …)',
      '- [ ] one\n- [ ] two (after: t1)',
      [
        ['t1', []],
        ['t2', ['t1']],
      ],
    ],
    [
      '[depends: …] with a list',
      '- [ ] a\n- [ ] b\n- [ ] c [depends: t1, t2]',
      [
        ['t1', []],
        ['t2', []],
        ['t3', ['t1', 't2']],
      ],
    ],
    [
      '[after: …] anywhere in the line',
      '- [ ] a\n- [ ] [after: t1] b',
      [
        ['t1', []],
        ['t2', ['t1']],
      ],
    ],
    [
      '[name] prefixes, referenced by name',
      '- [ ] [db] make db\n- [ ] [api] make api (depends: db)',
      [
        ['db', []],
        ['api', ['db']],
      ],
    ],
    [
      'a name first, then a position',
      '- [ ] [db] make db\n- [ ] make api (after: t1)',
      [
        ['db', []],
        ['t2', ['db']],
      ],
    ],
  ])('resolves %s', (_name, body, expected) => {
    const { plan } = expectValid(md(body));
    expect(plan.tasks.map((t) => [t.id, t.dependencies])).toEqual(expected);
  });

  it('strips annotations from the description and keeps the phase', () => {
    const { plan } = expectValid(
      md('- [ ] [api] Build the API handler (depends: t1) {atom: Coder}\n- [ ] x'.replace('t1', 't2')),
    );
    expect(plan.tasks[0]).toMatchObject({
      id: 'api',
      description: 'Build the API handler',
      phase: 'Phase 1: setup',
      dependencies: ['t2'],
    });
  });

  it('marks [x] tasks as done and [ ] tasks as not done', () => {
    const { plan } = expectValid(md('- [x] done one\n- [ ] open one\n- [X] done two'));
    expect(plan.tasks.map((t) => t.done)).toEqual([true, false, true]);
  });

  it.each([
    ['Write tests for the parser', 'Tester'],
    ['Verify the output', 'Tester'],
    ['Review the change', 'Reviewer'],
    ['Check types', 'Reviewer'],
    ['Validate the schema', 'Reviewer'],
    ['Design the storage interface', 'Architect'],
    ['Search for usages of foo', 'Search'],
    ['Find the config loader', 'Search'],
    ['Implement the cache', 'Coder'],
    ['Implement the cache {atom: reviewer}', 'Reviewer'],
    ['Contest entry handler', 'Coder'],
  ])('infers the atom type of "%s" as %s', (line, expected) => {
    expect(expectValid(md(`- [ ] ${line}`)).plan.tasks[0].atom_type).toBe(expected);
  });

  it('takes the title from the first heading', () => {
    expect(expectValid(md('- [ ] a')).plan.title).toBe('Demo plan');
  });

  it.each<[string, string, PlanIssueCode, RegExp]>([
    [
      'a dependency that resolves to nothing',
      '- [ ] a (depends: ghost)',
      'unknown_dependency',
      /"ghost", which names no task/,
    ],
    ['a positional reference past the end', '- [ ] a (after: t9)', 'unknown_dependency', /"t9"/],
    ['an unknown explicit atom type', '- [ ] a {atom: Wizard}', 'unknown_atom_type', /Wizard/],
    ['duplicate names', '- [ ] [x1] a\n- [ ] [x1] b', 'duplicate_task', /"x1"/],
    ['a self dependency', '- [ ] a (after: t1)', 'self_dependency', /itself/],
    ['an unsafe name', '- [ ] [my task] a', 'unsafe_task_id', /"my task"/],
    ['no task lines', 'just prose', 'empty_plan', /no tasks/],
  ])('rejects %s', (_name, body, code, message) => {
    const error = firstError(md(body));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('reports a cycle with its path', () => {
    const error = firstError(md('- [ ] a (after: t3)\n- [ ] b (after: t1)\n- [ ] c (after: t2)'));
    expect(error.cycle).toEqual(['t1', 't3', 't2', 't1']);
  });

  it('produces the same order every time', () => {
    const text = md('- [ ] a\n- [ ] b (after: t1)\n- [ ] c\n- [ ] d (after: t2, t3)');
    expect(expectValid(text).order).toEqual(['t1', 't2', 't3', 't4']);
    expect(expectValid(text).order).toEqual(expectValid(text).order);
  });
});

describe('format detection', () => {
  it.each([
    ['{"title": 1}', 'json'],
    ['  \n [1]', 'json'],
    ['# Plan\n- [ ] a', 'markdown'],
    ['- [ ] a {atom: Coder}', 'markdown'],
  ] as const)('reads %j as %s', (text, format) => {
    expect(detectPlanFormat(text)).toBe(format);
  });
});
