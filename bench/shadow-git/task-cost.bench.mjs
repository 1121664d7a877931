// Cost of one writing MAKER task (checkout, write, commit, merge, sync) on a generated
// 1,000-file repository, as a ratio against a bare `git add` + `git commit` of one file in a plain
// repository of the same files, measured in the same run. Also shows that tasks that write nothing
// start no git process. Run after building the library:
//   npx tsc -p libs/shadow-git/tsconfig.build.json && node bench/shadow-git/task-cost.bench.mjs
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ShadowRepo } from '@maker/shadow-git';

const run = promisify(execFile);
const FILES = 1_000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = 3;
const READ_ONLY_TASKS = 1_000;
const GIT_ENV = {
  PATH: process.env.PATH,
  HOME: tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@localhost',
};

function generateFiles(root) {
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(root, 'src', `module-${String(i % 50).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const body = `export const value${i} = ${i};\n`.repeat(30);
    writeFileSync(path.join(dir, `file-${i}.ts`), body);
  }
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
}

const git = (cwd, ...args) => run('git', args, { cwd, env: GIT_ENV });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function measureBareCommit(root) {
  await git(root, 'init', '-q', '--template=');
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'initial');
  const samples = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const ms = await timed(async () => {
      writeFileSync(path.join(root, 'src/module-00/file-0.ts'), `// edit ${i}\n`);
      await git(root, 'add', 'src/module-00/file-0.ts');
      await git(root, 'commit', '-q', '-m', `edit ${i}`);
    });
    if (i >= WARMUP) samples.push(ms);
  }
  return samples;
}

async function measureMakerTasks(root) {
  let gitProcesses = 0;
  const repo = await ShadowRepo.open(root, { onGitCommand: () => gitProcesses++ });
  const startMs = await timed(() => repo.startPlan('bench'));
  const stages = { checkoutAndWrite: [], commit: [], merge: [], sync: [], total: [], discard: [] };
  const processCounts = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const before = gitProcesses;
    const task = repo.taskCheckout('bench', `task-${i}`, 1);
    const sample = {};
    let commit;
    sample.checkoutAndWrite = await timed(() =>
      task.writeFile(`src/module-${String(i % 50).padStart(2, '0')}/file-${i}.ts`, `// task ${i}\n`),
    );
    sample.commit = await timed(async () => (commit = await task.commit(`task ${i}`)));
    sample.merge = await timed(() => repo.mergeTask('bench', `task-${i}`, 1, commit));
    sample.sync = await timed(() => repo.syncWorkspace('bench'));
    sample.total = sample.checkoutAndWrite + sample.commit + sample.merge + sample.sync;
    processCounts.push(gitProcesses - before);
    sample.discard = await timed(() => repo.discardTask('bench', `task-${i}`, 1));
    if (i >= WARMUP) for (const key of Object.keys(stages)) stages[key].push(sample[key]);
  }
  return { repo, startMs, stages, processCounts, counter: () => gitProcesses };
}

async function measureReadOnlyTasks(repo, counter) {
  const before = counter();
  const ms = await timed(async () => {
    for (let i = 0; i < READ_ONLY_TASKS; i++) {
      const task = repo.taskCheckout('bench', `reader-${i}`, 1);
      await task.readFile(`src/module-${String(i % 50).padStart(2, '0')}/file-${i}.ts`);
      await task.fileExists('src/module-00/file-0.ts');
      await task.rollback();
      if ((await task.commit('nothing')) !== null) throw new Error('a read-only task produced a commit');
    }
  });
  return { ms, gitProcesses: counter() - before };
}

async function main() {
  const scratch = mkdtempSync(path.join(tmpdir(), 'shadow-git-bench-'));
  try {
    const plain = path.join(scratch, 'plain');
    const workspace = path.join(scratch, 'workspace');
    generateFiles(plain);
    generateFiles(workspace);
    const bare = await measureBareCommit(plain);
    const maker = await measureMakerTasks(workspace);
    const readOnly = await measureReadOnlyTasks(maker.repo, maker.counter);
    report(bare, maker, readOnly);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function report(bare, maker, readOnly) {
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const bareMedian = median(bare);
  const taskMedian = median(maker.stages.total);
  console.log(
    `machine: ${cpus().length} cores, node ${process.version}, 1 process (git children run one at a time)`,
  );
  console.log(`repository: ${FILES} files; ${ITERATIONS} measured iterations after ${WARMUP} warm-up`);
  console.log(`plan start (fsck + snapshot of the workspace): ${fmt(maker.startMs)}`);
  console.log(`baseline  git add + git commit of one file: median ${fmt(bareMedian)}`);
  console.log(`MAKER writing task (checkout+write, commit, merge, sync): median ${fmt(taskMedian)}`);
  for (const key of ['checkoutAndWrite', 'commit', 'merge', 'sync']) {
    console.log(`  ${key.padEnd(17)} median ${fmt(median(maker.stages[key]))}`);
  }
  console.log(
    `  (discard of the checkout afterwards, not in the total: median ${fmt(median(maker.stages.discard))})`,
  );
  console.log(`  git processes per writing task: ${median(maker.processCounts)}`);
  console.log(`ratio MAKER task / bare commit: ${(taskMedian / bareMedian).toFixed(2)}x`);
  console.log(
    `${READ_ONLY_TASKS} tasks that write nothing (read, exists, rollback, commit→null): ` +
      `${fmt(readOnly.ms)} total, ${((readOnly.ms * 1000) / READ_ONLY_TASKS).toFixed(0)} µs/task, ` +
      `${readOnly.gitProcesses} git processes`,
  );
}

await main();
