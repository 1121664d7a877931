import type { Command } from 'commander';
import { CliError, printLine } from '../support/cli-output.js';
import { LocalStack } from '../support/local-stack.js';
import { formatServiceLine } from '../support/log-format.js';

/** `maker up`: the four services as separate processes, readable logs, clean stop on Ctrl-C. */
export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('start the four services locally (and redis-server when none answers)')
    .option('--redis-url <url>', 'Redis to use', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .option('--json-logs', 'print the services’ raw JSON log lines')
    .option(
      '--base-port <port>',
      'orchestrator port; the gateway, script generator and executor take the next three (0: free ports)',
      '8080',
    )
    .action(async (options: { redisUrl: string; jsonLogs?: boolean; basePort: string }) => {
      const color = process.stdout.isTTY === true;
      const stack = new LocalStack({
        redisUrl: options.redisUrl,
        ports: portsFrom(Number(options.basePort)),
        log: (service, line) => printLine(options.jsonLogs ? line : formatServiceLine(service, line, color)),
      });
      await stack.start();
      printLine(
        `MAKER is up: API ${stack.urls.get('orchestrator')}/v1/plans, Cockpit ${stack.urls.get('cockpit-gateway')}/`,
      );
      printLine('Press Ctrl-C to stop.');
      await waitForStopSignal();
      printLine('stopping…');
      await stack.stop();
    });
}

/** Ports in the DESIGN §12 order: orchestrator, cockpit-gateway, script-generator, executor. */
export function portsFrom(base: number) {
  if (!Number.isInteger(base) || base < 0 || base > 65532)
    throw new CliError(`--base-port must be 0 or a port number, got ${base}`);
  const at = (offset: number) => (base === 0 ? 0 : base + offset);
  return { orchestrator: at(0), 'cockpit-gateway': at(1), 'script-generator': at(2), executor: at(3) };
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
