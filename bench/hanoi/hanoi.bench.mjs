// Towers of Hanoi through the voting path (DESIGN §14): a Rhai script votes on every move with
// simulated atoms right with probability p. Reports moves per second and samples per move against
// the paper's formula k/(2p−1) measured in the same run. One process.
// Run after `npm run build`: node bench/hanoi/hanoi.bench.mjs [--disks 20] [--error-rate 0.01]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { runHanoi } from '../../apps/cli/dist/demo/hanoi-run.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const disks = arg('disks', 20);
const errorRate = arg('error-rate', 0.01);
let lastReport = 0;
const report = await runHanoi({
  disks,
  errorRate,
  onMove: (done, total) => {
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.log(`${done}/${total} moves`);
    }
  },
});
const perMove = report.samples / report.moves;
const formula = report.k / (1 - 2 * errorRate);
const text = `# Towers of Hanoi benchmark

Run: \`node bench/hanoi/hanoi.bench.mjs --disks ${disks} --error-rate ${errorRate}\` on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}; 1 process.
The script (one task, code mode) votes on every move through the task runtime's host \`vote\`, first-to-ahead-by-k,
with simulated atoms right with probability p = ${1 - errorRate}; k = ${report.k} (k_min for ${report.moves} steps, t = 0.95 unless given).

| measure | value |
|---|---|
| moves | ${report.moves} |
| errors (moves that differ from the known solution) | ${report.errors} |
| samples | ${report.samples} |
| samples per move | ${perMove.toFixed(4)} |
| formula k/(2p−1) | ${formula.toFixed(4)} |
| ratio measured / formula | ${(perMove / formula).toFixed(4)} |
| red-flagged samples | ${report.red_flags} |
| seconds | ${report.seconds.toFixed(1)} |
| moves per second | ${(report.moves / report.seconds).toFixed(0)} |
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
console.log(text);
