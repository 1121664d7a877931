import { Command } from 'commander';
import { registerControlCommands } from './commands/control.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerEventsCommand } from './commands/events.command.js';
import { registerSnapshotCommands } from './commands/snapshots.command.js';
import { registerStatusCommand } from './commands/status.command.js';
import { registerSubmitCommand } from './commands/submit.command.js';
import { registerPlanCommands } from './commands/plan.command.js';
import { registerScriptCommands } from './commands/script.command.js';
import { registerUpCommand } from './commands/up.command.js';
import { CliError } from './support/cli-output.js';

const program = new Command('maker')
  .description('MAKER Orchestrator: run plans of micro-tasks with consensus-voted LLM atoms')
  .showHelpAfterError();

registerPlanCommands(program);
registerUpCommand(program);
registerScriptCommands(program);
registerDemoCommand(program);
registerSubmitCommand(program);
registerStatusCommand(program);
registerEventsCommand(program);
registerControlCommands(program);
registerSnapshotCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`maker: ${error.message}\n`);
  process.exitCode = error.exitCode;
}
