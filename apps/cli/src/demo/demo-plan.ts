import type { FakeLlmRule } from '@maker/testing';

/** The example plan: search the code, add modules, add tests, review them (a diamond of two branches). */
export const DEMO_PLAN = {
  title: 'Calculator: multiply and subtract',
  description: 'Extend the calculator with two operations, each with tests, then review the change.',
  micro_tasks: [
    {
      id: 'find-math',
      description: 'Search the code for where arithmetic helpers are defined',
      atom_type: 'Search',
    },
    {
      id: 'multiply',
      description: 'Add a multiply function in src/math/multiply.ts',
      atom_type: 'Coder',
      dependencies: ['find-math'],
      outputs: ['src/math/multiply.ts'],
    },
    {
      id: 'subtract',
      description: 'Add a subtract function in src/math/subtract.ts',
      atom_type: 'Coder',
      dependencies: ['find-math'],
      outputs: ['src/math/subtract.ts'],
    },
    {
      id: 'multiply-tests',
      description: 'Write tests for multiply in test/multiply.test.ts',
      atom_type: 'Tester',
      dependencies: ['multiply'],
    },
    {
      id: 'subtract-tests',
      description: 'Write tests for subtract in test/subtract.test.ts',
      atom_type: 'Tester',
      dependencies: ['subtract'],
    },
    {
      id: 'review',
      description: 'Review the new multiply and subtract modules and their tests',
      atom_type: 'Reviewer',
      dependencies: ['multiply-tests', 'subtract-tests'],
    },
  ],
};

const file = (path: string, code: string) => `FILE: ${path}\n\`\`\`ts\n${code}\`\`\`\n`;
const fn = (name: string, op: string, doc: string) =>
  `/** ${doc} */\nexport function ${name}(a: number, b: number): number {\n  return a ${op} b;\n}\n`;
const test = (name: string, a: number, b: number, expected: number) =>
  `import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { ${name} } from '../src/math/${name}.js';\n\ntest('${name}', () => assert.equal(${name}(${a}, ${b}), ${expected}));\n`;

/**
 * Recorded model answers the offline demo's fake OpenAI-compatible server gives. Some samples are
 * wrong or malformed on purpose, so the demo shows votes racing and red flags discarding samples.
 */
export const DEMO_ANSWERS: FakeLlmRule[] = [
  {
    match: 'Search the code for where arithmetic helpers are defined',
    answer: JSON.stringify({
      results: [
        {
          file: 'src/math/add.ts',
          line_start: 1,
          line_end: 4,
          snippet: 'export function add(a: number, b: number): number',
        },
      ],
      summary: 'Arithmetic helpers live in src/math/, one function per file.',
    }),
    latencyMs: [80, 250],
  },
  {
    match: 'Add a multiply function in src/math/multiply.ts',
    answer: file('src/math/multiply.ts', fn('multiply', '*', 'Multiplies two numbers.')),
    wrongAnswers: [file('src/math/multiply.ts', fn('multiply', '+', 'Multiplies two numbers.'))],
    pCorrect: 0.8,
    malformedRate: 0.1,
    latencyMs: [150, 500],
  },
  {
    match: 'Add a subtract function in src/math/subtract.ts',
    answer: file('src/math/subtract.ts', fn('subtract', '-', 'Subtracts b from a.')),
    pCorrect: 0.9,
    wrongAnswers: [file('src/math/subtract.ts', fn('subtract', '+', 'Subtracts b from a.'))],
    latencyMs: [150, 500],
  },
  {
    match: 'Write tests for multiply in test/multiply.test.ts',
    answer: file('test/multiply.test.ts', test('multiply', 6, 7, 42)),
    latencyMs: [100, 400],
  },
  {
    match: 'Write tests for subtract in test/subtract.test.ts',
    answer: file('test/subtract.test.ts', test('subtract', 9, 4, 5)),
    lengthRate: 0.15,
    latencyMs: [100, 400],
  },
  {
    match: 'Review the new multiply and subtract modules and their tests',
    answer: JSON.stringify({
      verdict: 'APPROVE',
      issues: [],
      summary: 'Both functions are correct, documented and tested.',
    }),
    latencyMs: [100, 300],
  },
];
