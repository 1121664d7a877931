import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMaker } from '../support/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-validate-'));
function planFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const validJson = JSON.stringify({
  plan_id: 'p-1',
  title: 'JSON plan',
  micro_tasks: [
    { id: 'a', description: 'Implement a', atom_type: 'coder' },
    { id: 'b', description: 'Test a', atom_type: 'Tester', dependencies: ['a'] },
  ],
});

describe('maker plan validate', () => {
  it('prints the normalised plan and an execution order for a valid JSON plan, exiting 0', () => {
    const result = runMaker(['plan', 'validate', planFile('ok.json', validJson), '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.ok).toBe(true);
    expect(out.plan).toMatchObject({ plan_id: 'p-1', title: 'JSON plan', order: ['a', 'b'] });
    expect(out.plan.tasks[1]).toMatchObject({
      id: 'b',
      atom_type: 'Tester',
      dependencies: ['a'],
      done: false,
    });
  });

  it('tells Markdown from JSON by content, whatever the file is called', () => {
    const result = runMaker([
      'plan',
      'validate',
      planFile('plan.json', '# T\n- [x] [a] done\n- [ ] b (after: a)\n'),
      '--json',
    ]);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.plan.tasks.map((t: { id: string; done: boolean }) => [t.id, t.done])).toEqual([
      ['a', true],
      ['t2', false],
    ]);
  });

  it.each([
    ['invalid_json', '{"title": '],
    ['invalid_schema', JSON.stringify({ micro_tasks: [] })],
    ['empty_plan', JSON.stringify({ title: 'x', micro_tasks: [] })],
    [
      'duplicate_task',
      JSON.stringify({
        title: 'x',
        micro_tasks: [
          { id: 'a', description: 'd' },
          { id: 'a', description: 'd' },
        ],
      }),
    ],
    ['unknown_dependency', '# x\n- [ ] a (depends: nothing-here)\n'],
    [
      'self_dependency',
      JSON.stringify({ title: 'x', micro_tasks: [{ id: 'a', description: 'd', dependencies: ['a'] }] }),
    ],
    ['unsafe_task_id', JSON.stringify({ title: 'x', micro_tasks: [{ id: '../etc', description: 'd' }] })],
    [
      'unknown_atom_type',
      JSON.stringify({ title: 'x', micro_tasks: [{ id: 'a', description: 'd', atom_type: 'Poet' }] }),
    ],
  ])('reports %s with exit code 1', (code, content) => {
    const result = runMaker(['plan', 'validate', planFile(`${code}.txt`, content), '--json']);
    expect(result.status).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.ok).toBe(false);
    expect(out.errors[0].code).toBe(code);
    expect(out.errors[0].message).toEqual(expect.any(String));
  });

  it('names the whole cycle', () => {
    const plan = JSON.stringify({
      title: 'x',
      micro_tasks: [
        { id: 'a', description: 'd', dependencies: ['c'] },
        { id: 'b', description: 'd', dependencies: ['a'] },
        { id: 'c', description: 'd', dependencies: ['b'] },
      ],
    });
    const result = runMaker(['plan', 'validate', planFile('cycle.json', plan), '--json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).errors[0]).toMatchObject({
      code: 'circular_dependency',
      cycle: ['a', 'c', 'b', 'a'],
    });
    const human = runMaker(['plan', 'validate', planFile('cycle2.json', plan)]);
    expect(human.stdout).toContain('a → c → b → a');
  });

  it('says which file it cannot read', () => {
    const result = runMaker(['plan', 'validate', path.join(dir, 'missing.md')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*missing\.md: ENOENT/);
  });
});
