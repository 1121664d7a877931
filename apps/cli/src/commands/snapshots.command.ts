import type { Command } from 'commander';
import { type ApiOptions, apiClient, callApi, withApiOptions } from '../support/api-client.js';
import { table } from '../support/api-format.js';
import { CliError, printJson, printLine } from '../support/cli-output.js';

/** `maker snapshots PLAN` and `maker rollback PLAN SNAPSHOT` (time travel to a snapshot). */
export function registerSnapshotCommands(program: Command): void {
  withApiOptions(
    program
      .command('snapshots')
      .description('list a plan’s snapshots (base, then one per task group)')
      .argument('<plan>', 'plan id'),
  ).action(async (planId: string, options: ApiOptions) => {
    const client = apiClient(options);
    const subject = { plan: planId };
    await callApi(options, subject, () => client.getPlan(planId));
    const snapshots = await callApi(options, subject, () => client.snapshots(planId));
    if (options.json) return printJson({ plan_id: planId, snapshots });
    if (snapshots.length === 0) return printLine(`plan ${planId} has no snapshots (no workspace?)`);
    const rows = snapshots.map((s) => [s.id, s.commit.slice(0, 12), s.createdAt, s.message]);
    for (const line of table(['SNAPSHOT', 'COMMIT', 'CREATED', 'MESSAGE'], rows)) printLine(line);
  });

  withApiOptions(
    program
      .command('rollback')
      .description('restore a snapshot’s tree as a new commit of the plan (history is kept)')
      .argument('<plan>', 'plan id')
      .argument('<snapshot>', 'snapshot id, as `maker snapshots` lists it'),
  ).action(async (planId: string, snapshot: string, options: ApiOptions) => {
    const client = apiClient(options);
    const subject = { plan: planId, action: `roll back plan ${planId}` };
    await callApi(options, subject, () => client.getPlan(planId));
    const snapshots = await callApi(options, subject, () => client.snapshots(planId));
    if (!snapshots.some((s) => s.id === snapshot)) {
      const message = `no snapshot ${snapshot} in plan ${planId} (see \`maker snapshots ${planId}\`)`;
      if (options.json) printJson({ ok: false, error: { code: 'not_found', message } });
      throw new CliError(message, 1);
    }
    const { commit } = await callApi(options, subject, () => client.rollback(planId, snapshot));
    if (options.json) printJson({ ok: true, plan_id: planId, snapshot, commit });
    else printLine(`plan ${planId} rolled back to ${snapshot}: new commit ${commit.slice(0, 12)}`);
  });
}
