// Red-flag check time for a typical 3-file change on a generated 1,000-file TypeScript
// repository, against a full parse of that repository measured in the same run.
// Run after building the libraries: node bench/red-flags/red-flags.bench.mjs
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCodeGraph, ParseCache } from '@maker/context';
import { analyseChange, checkRedFlags, gitChangeSet } from '@maker/red-flags';
import { generatedPath, generateRepository } from './repo-generator.mjs';

const FILE_COUNT = Number(process.env.BENCH_FILES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const here = dirname(fileURLToPath(import.meta.url));
const LAYERS = [
  { name: 'low', allowed_deps: [], patterns: ['src/module-0*/**'] },
  { name: 'high', allowed_deps: ['low'], patterns: ['src/module-1*/**'] },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(action) {
  const start = performance.now();
  const result = await action();
  return { ms: performance.now() - start, result };
}

function git(repo, ...args) {
  execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
}

/** Modifies two files (one now importing a later file, closing a cycle) and adds a third. */
function applyTypicalChange(repo) {
  const early = generatedPath(10);
  const late = generatedPath(900);
  const earlyPath = join(repo, early);
  writeFileSync(
    earlyPath,
    `import { helper900 } from '../module-18/file-0900.js';\n${readFileSync(earlyPath, 'utf8')}\nexport const viaLate = helper900(1);\n`,
  );
  appendFileSync(join(repo, late), '\nexport const touched = true;\n');
  writeFileSync(
    join(repo, 'src/module-05/added.ts'),
    "import { helper10 } from '../module-00/file-0010.js';\nexport const added = helper10(2);\n",
  );
  return [early, late, 'src/module-05/added.ts'];
}

async function main() {
  const repo = mkdtempSync(join(tmpdir(), 'red-flags-bench-'));
  try {
    generateRepository(repo, FILE_COUNT);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, '-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'add', '-A');
    git(repo, '-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'base');

    const fullParses = [];
    for (let run = 0; run < 5; run++) {
      const { ms } = await timed(async () =>
        (await buildCodeGraph(repo, { cache: new ParseCache() })).importEdges(),
      );
      fullParses.push(ms);
    }
    const cache = new ParseCache();
    const baseGraph = await buildCodeGraph(repo, { cache });
    baseGraph.importEdges();
    const changed = applyTypicalChange(repo);
    const { changes, readBefore } = (await timed(() => gitChangeSet(repo))).result;
    const gitMs = (await timed(() => gitChangeSet(repo))).ms;

    const parsesBefore = cache.parses;
    const withBase = [];
    let report;
    let parsedFirstCheck = 0;
    for (let run = 0; run < RUNS; run++) {
      const check = () =>
        analyseChange({ rootDir: repo, changes, before: readBefore, baseGraph, layers: LAYERS, cache });
      const { ms, result } = await timed(check);
      if (run === 0) parsedFirstCheck = cache.parses - parsesBefore;
      withBase.push(ms);
      report = result.report;
    }
    const rewalk = [];
    for (let run = 0; run < RUNS; run++) {
      rewalk.push(
        (
          await timed(() =>
            checkRedFlags({ rootDir: repo, changes, before: readBefore, layers: LAYERS, cache }),
          )
        ).ms,
      );
    }
    const cold = (
      await timed(() =>
        checkRedFlags({
          rootDir: repo,
          changes,
          before: readBefore,
          layers: LAYERS,
          cache: new ParseCache(),
        }),
      )
    ).ms;
    writeResults({
      fullParse: median(fullParses),
      withBase: median(withBase),
      rewalk: median(rewalk),
      cold,
      gitMs,
      parsedFirstCheck,
      report,
      changed,
      graphFiles: baseGraph.filePaths.length,
      edges: baseGraph.importEdges().length,
    });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** A Markdown table with padded columns (the layout Biome's formatter keeps). */
function markdownTable(header, rows) {
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => [...row[column]].length), 3),
  );
  const line = (cells) =>
    `| ${cells.map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function writeResults(r) {
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const ratio = (ms) =>
    ms <= r.fullParse
      ? `${(r.fullParse / ms).toFixed(1)}× faster`
      : `${(ms / r.fullParse).toFixed(1)}× slower`;
  const table = markdownTable(
    ['measurement', 'time', 'vs full parse'],
    [
      [
        'baseline: full parse of the repository (cold `ParseCache`, walk + read + parse + import graph)',
        fmt(r.fullParse),
        '1.0×',
      ],
      [
        'red-flag check reusing the before graph (`analyseChange({ baseGraph })`, warm cache)',
        fmt(r.withBase),
        ratio(r.withBase),
      ],
      [
        'red-flag check re-walking the checkout (no base graph, warm shared cache: read + hash all, parse none)',
        fmt(r.rewalk),
        ratio(r.rewalk),
      ],
      [
        'red-flag check fully cold (no base graph, empty cache: parses everything)',
        fmt(r.cold),
        ratio(r.cold),
      ],
      ['`gitChangeSet` (git diff + ls-files), for reference', fmt(r.gitMs), ''],
    ],
  );
  const markdown = `# Red-flag check benchmark

Generated by \`node bench/red-flags/red-flags.bench.mjs\` (after building libs/context and libs/red-flags) on
${new Date().toISOString()}. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.
**One process** (the benchmark's own Node main thread; no workers). Medians of ${RUNS} runs (full parse: 5 runs).

Repository: ${r.graphFiles} generated TypeScript files (~60 lines, up to 4 relative \`.js\` imports each, acyclic), ${r.edges} import edges.
Change: 3 files (${r.changed.join(', ')}): one modified to import a later module (closes a cycle), one modified, one added.

${table}

Files parsed by the first check with a base graph: ${r.parsedFirstCheck} (the changed files' new contents; later runs hit the
content-hash cache). The before graph is what the executor keeps between tasks (the previous check's \`afterGraph\`).
Report of the change: flagged=${r.report.flagged}, introduced_cycle=${r.report.introduced_cycle}, betti_1=${r.report.betti_1},
layer_violations=${r.report.layer_violations.length}, reasons:

${r.report.reasons.map((reason) => `- ${reason}`).join('\n')}
`;
  writeFileSync(join(here, 'RESULTS.md'), markdown);
  process.stdout.write(markdown);
}

await main();
