import { isTerminalPlanStatus, type MakerHttpClient } from '@maker/client/http';
import type { MakerEvent } from '@maker/contracts';
import type { Command } from 'commander';
import {
  type ApiOptions,
  apiClient,
  callApi,
  ExitCode,
  seqNumber,
  withApiOptions,
  withGatewayOption,
} from '../support/api-client.js';
import { eventLine } from '../support/api-format.js';
import { printJson, printLine } from '../support/cli-output.js';

interface EventsOptions extends ApiOptions {
  after: number;
  follow?: boolean;
}

/**
 * `maker events PLAN [--after N] [--follow]`: the plan's events after a seq, as
 * `seq time event task message` lines or JSON lines. With --follow it streams until the plan
 * ends and exits 0 when it completed, 1 when it failed, was cancelled, halted or stopped.
 */
export function registerEventsCommand(program: Command): void {
  withGatewayOption(
    withApiOptions(
      program
        .command('events')
        .description('print a plan’s events; --follow streams them until the plan ends')
        .argument('<plan>', 'plan id')
        .option('--after <seq>', 'only events after this seq', seqNumber, 0)
        .option('--follow', 'keep streaming until the plan ends; exit 1 unless it completed'),
    ),
  ).action(async (planId: string, options: EventsOptions) => {
    const client = apiClient(options);
    const print = (event: MakerEvent) => (options.json ? printJson(event) : printLine(eventLine(event)));
    const subject = { plan: planId };
    if (!options.follow) {
      await callApi(options, subject, () => printAll(client, planId, options.after, print));
      return;
    }
    const stream = client.subscribe(planId, { after: options.after });
    let interrupted = false;
    const stop = () => {
      interrupted = true;
      stream.close();
    };
    process.once('SIGINT', stop);
    await callApi(options, subject, async () => {
      for await (const event of stream) print(event);
    });
    process.removeListener('SIGINT', stop);
    if (interrupted) return void (process.exitCode = 130);
    const plan = await callApi(options, subject, () => client.getPlan(planId));
    if (isTerminalPlanStatus(plan.status) && plan.status !== 'completed') process.exitCode = ExitCode.refused;
  });
}

/** Pages through every event after `after` that exists now. */
async function printAll(
  client: MakerHttpClient,
  planId: string,
  after: number,
  print: (event: MakerEvent) => void,
): Promise<void> {
  for (;;) {
    const page = await client.events(planId, after, { limit: 1_000 });
    for (const event of page.events) print(event);
    if (page.events.length === 0) return;
    after = page.next_after;
  }
}
