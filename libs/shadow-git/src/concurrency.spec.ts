import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ShadowRepoCorruptError } from './errors.js';
import { ShadowRepo } from './shadow-repo.js';
import { rawShadowGit, type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

const libRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: TempDir;
let ws: string;
let shadow: string;

beforeEach(() => {
  tmp = tempDir();
  ws = tmp.dir;
  shadow = path.join(ws, '.maker/shadow.git');
  writeFiles(ws, { 'README.md': 'readme\n' });
});
afterEach(() => tmp.dispose());

function integrationFiles(): string[] {
  return rawShadowGit(shadow, 'ls-tree', '-r', '--name-only', 'refs/maker/plans/p1/head').split('\n').sort();
}

function firstParentMerges(): number {
  return Number(
    rawShadowGit(shadow, 'rev-list', '--count', '--first-parent', '--merges', 'refs/maker/plans/p1/head'),
  );
}

describe('concurrent tasks in one process', () => {
  it('lets many tasks write at once in their own checkouts and merges every one exactly once', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const tasks = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const outcomes = await Promise.all(
      tasks.map(async (task) => {
        const checkout = repo.taskCheckout('p1', task, 1);
        await checkout.writeFile(`out/${task}.txt`, `${task}\n`);
        const commit = (await checkout.commit(task))!;
        const [first, again] = await Promise.all([
          repo.mergeTask('p1', task, 1, commit),
          repo.mergeTask('p1', task, 1, commit),
        ]);
        return { first, again };
      }),
    );
    expect(integrationFiles()).toEqual(['README.md', ...tasks.map((t) => `out/${t}.txt`)]);
    expect(firstParentMerges()).toBe(12);
    for (const { first, again } of outcomes) {
      expect(again.commit).toBe(first.commit);
      expect([first.alreadyMerged, again.alreadyMerged].sort()).toEqual([false, true]);
    }
    await repo.verifyIntegrity();
  });

  it('reports the integration ref moved by a non-MAKER writer during a merge as corruption, merging nothing', async () => {
    let interfered = false;
    const repo = await ShadowRepo.open(ws, {
      onGitCommand: (request) => {
        if (interfered || !request.args.includes('merge-tree')) return;
        interfered = true;
        const head = rawShadowGit(shadow, 'rev-parse', 'refs/maker/plans/p1/head');
        const moved = rawShadowGit(
          shadow,
          'commit-tree',
          `${head}^{tree}`,
          '-p',
          head,
          '-m',
          'concurrent writer',
        );
        rawShadowGit(shadow, 'update-ref', 'refs/maker/plans/p1/head', moved, head);
      },
    });
    await repo.startPlan('p1');
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('t1.txt', 't1\n');
    const taskCommit = (await checkout.commit('t1'))!;
    await expect(repo.mergeTask('p1', 't1', 1, taskCommit)).rejects.toBeInstanceOf(ShadowRepoCorruptError);
    expect(interfered).toBe(true);
    expect(rawShadowGit(shadow, 'log', '--format=%s', 'refs/maker/plans/p1/head', '-1')).toBe(
      'concurrent writer',
    );
  });
});

describe('concurrent merges from several processes', () => {
  let scripts: TempDir;
  beforeEach(() => {
    scripts = tempDir('shadow-git-workers-');
  });
  afterEach(() => scripts.dispose());
  beforeAll(() => {
    execFileSync(path.resolve(libRoot, '../../node_modules/.bin/tsc'), [
      '-p',
      path.join(libRoot, 'tsconfig.build.json'),
    ]);
  }, 60_000);

  const CHILD = `
import { ShadowRepo } from ${JSON.stringify(pathToFileURL(path.join(libRoot, 'dist/index.js')).href)};
const [workspace, worker, count] = process.argv.slice(2);
const repo = await ShadowRepo.open(workspace);
const commits = [];
for (let i = 0; i < Number(count); i++) {
  const task = worker + '-' + i;
  const checkout = repo.taskCheckout('p1', task, 1);
  await checkout.writeFile('out/' + task + '.txt', task + '\\n');
  commits.push([task, await checkout.commit(task)]);
}
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const merges = await Promise.all(commits.flatMap(([task, commit]) => [
    repo.mergeTask('p1', task, 1, commit),
    repo.mergeTask('p1', task, 1, commit),
  ]));
  process.stdout.write(JSON.stringify(merges) + '\\n');
  process.exit(0);
});
`;

  const COUNTER_CHILD = `
import { readFile, writeFile } from 'node:fs/promises';
import { FileLock } from ${JSON.stringify(pathToFileURL(path.join(libRoot, 'dist/file-lock.js')).href)};
const [lockDir, counter] = process.argv.slice(2);
for (let i = 0; i < 20; i++) {
  await new FileLock(lockDir).withLock(async () => {
    const value = Number(await readFile(counter, 'utf8'));
    await new Promise((resolve) => setImmediate(resolve));
    await writeFile(counter, String(value + 1));
  });
}
`;

  function startWorker(script: string, worker: string, count: number) {
    const child = spawn(process.execPath, [script, ws, worker, String(count)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let output = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.startsWith('ready\n')) resolve();
      }),
    );
    const done = new Promise<Array<{ commit: string; alreadyMerged: boolean }>>((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(output.slice('ready\n'.length)))
          : reject(new Error(`worker ${worker} exited ${code}`)),
      ),
    );
    return { child: child as ChildProcess, ready, done };
  }

  it('gives cross-process mutual exclusion: read-modify-write from three processes loses no update', async () => {
    const counter = path.join(scripts.dir, 'counter.txt');
    writeFileSync(counter, '0');
    const script = path.join(scripts.dir, 'counter.mjs');
    writeFileSync(script, COUNTER_CHILD);
    const runs = [0, 1, 2].map(
      () =>
        new Promise<number>((resolve) =>
          spawn(process.execPath, [script, path.join(scripts.dir, 'lock'), counter], { stdio: 'inherit' }).on(
            'exit',
            (code) => resolve(code ?? -1),
          ),
        ),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('60');
  }, 60_000);

  it('serializes merges from four node processes into one plan without losing or doubling any', async () => {
    const repo = await ShadowRepo.open(ws);
    await repo.startPlan('p1');
    const script = path.join(scripts.dir, 'worker.mjs');
    writeFileSync(script, CHILD);
    const workers = ['w0', 'w1', 'w2', 'w3'].map((w) => startWorker(script, w, 4));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin!.write('go\n');
    const results = (await Promise.all(workers.map((w) => w.done))).flat();
    expect(results.filter((r) => !r.alreadyMerged)).toHaveLength(16);
    expect(new Set(results.map((r) => r.commit)).size).toBe(16);
    expect(firstParentMerges()).toBe(16);
    const expected = ['w0', 'w1', 'w2', 'w3'].flatMap((w) => [0, 1, 2, 3].map((i) => `out/${w}-${i}.txt`));
    expect(integrationFiles()).toEqual(['README.md', ...expected].sort());
    await repo.verifyIntegrity();
  }, 60_000);
});
