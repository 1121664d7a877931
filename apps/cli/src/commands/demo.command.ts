import type { Command } from 'commander';
import { runHanoi } from '../demo/hanoi-run.js';
import { runDemo } from '../demo/demo-run.js';
import { CliError, printJson, printLine } from '../support/cli-output.js';
import { progressBar } from '../support/progress.js';

/** `maker demo` (the README's main job) and `maker demo hanoi`. */
export function registerDemoCommand(program: Command): void {
  const demo = program
    .command('demo')
    .description('start the services, run an example plan on a fresh TypeScript project, print a summary')
    .option(
      '--base-port <port>',
      'orchestrator port; the other services take the next three (0: free ports)',
      '0',
    )
    .option('--keep-running', 'leave the services running after the plan (Ctrl-C stops them)')
    .option('--redis-url <url>', 'Redis to use', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .action(async (options: { basePort: string; keepRunning?: boolean; redisUrl: string }) => {
      const code = await runDemo({
        basePort: Number(options.basePort),
        keepRunning: options.keepRunning === true,
        redisUrl: options.redisUrl,
      });
      process.exitCode = code;
    });
  demo
    .command('hanoi')
    .description('Towers of Hanoi through the voting path with simulated atoms (MAKER paper benchmark)')
    .requiredOption('--disks <n>', 'number of disks (2^n − 1 moves)')
    .option('--error-rate <p>', 'per-sample error rate of the simulated atoms', '0.01')
    .option('--k <k>', 'vote margin (default: k_min for the error rate and move count, t = 0.95)')
    .option('--seed <n>', 'seed of the simulated atoms', '1')
    .option('--json', 'print {"moves","errors","samples","red_flags","seconds","k"}')
    .action(
      async (options: { disks: string; errorRate: string; k?: string; seed: string; json?: boolean }) => {
        const disks = Number(options.disks);
        const errorRate = Number(options.errorRate);
        if (!Number.isInteger(disks) || disks < 1 || disks > 25)
          throw new CliError('--disks must be an integer from 1 to 25');
        if (!(errorRate >= 0 && errorRate < 0.5))
          throw new CliError('--error-rate must be at least 0 and below 0.5 (voting needs p > 0.5)');
        const k = options.k === undefined ? undefined : Number(options.k);
        if (k !== undefined && (!Number.isInteger(k) || k < 1))
          throw new CliError('--k must be a positive integer');
        const bar = options.json ? undefined : progressBar('moves');
        const report = await runHanoi({
          disks,
          errorRate,
          k,
          seed: Number(options.seed),
          onMove: (done, total) => bar?.update(done, total),
        });
        bar?.stop();
        if (options.json) printJson(report);
        else printHanoi(report, errorRate);
        if (report.errors > 0) process.exitCode = 1;
      },
    );
}

function printHanoi(report: Awaited<ReturnType<typeof runHanoi>>, errorRate: number): void {
  const perMove = report.samples / report.moves;
  const expected = report.k / (1 - 2 * errorRate);
  printLine(`${report.moves} moves, ${report.errors} errors, k=${report.k}`);
  printLine(
    `${report.samples} samples (${perMove.toFixed(3)} per move; k/(2p−1) ≈ ${expected.toFixed(3)}), ${report.red_flags} red-flagged`,
  );
  printLine(`${report.seconds.toFixed(2)} s, ${(report.moves / report.seconds).toFixed(0)} moves/s`);
}
