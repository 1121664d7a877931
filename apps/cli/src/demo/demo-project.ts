import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small TypeScript project: what the demo plan works on. */
export const DEMO_PROJECT_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'calculator', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, outDir: 'dist' } }, null, 2)}\n`,
  'README.md': '# calculator\n\nA tiny calculator library.\n',
  'src/index.ts': "export { add } from './math/add.js';\nexport { formatResult } from './format.js';\n",
  'src/math/add.ts':
    '/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/format.ts':
    "import { add } from './math/add.js';\n\n/** Formats a sum for display. */\nexport function formatResult(a: number, b: number): string {\n  return a + ' + ' + b + ' = ' + add(a, b);\n}\n",
  'test/add.test.ts':
    "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { add } from '../src/math/add.js';\n\ntest('adds', () => assert.equal(add(2, 3), 5));\n",
};

/** A fresh git repository holding the demo project, committed as the user would have it. */
export function createDemoWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-demo-'));
  for (const [file, content] of Object.entries(DEMO_PROJECT_FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Demo User',
        '-c',
        'user.email=demo@example.com',
        '-c',
        'commit.gpgSign=false',
        ...args,
      ],
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'calculator: initial version');
  return dir;
}
