import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MakerHttpClient, type PlanDetail } from '@maker/client/http';
import type { MakerEvent } from '@maker/contracts';
import { FakeLlmServer } from '@maker/testing';
import { portsFrom } from '../commands/up.command.js';
import { printLine } from '../support/cli-output.js';
import { LocalStack } from '../support/local-stack.js';
import { progressBar } from '../support/progress.js';
import { createDemoWorkspace } from './demo-project.js';
import { DEMO_ANSWERS, DEMO_PLAN } from './demo-plan.js';
import { DemoStats } from './demo-stats.js';

export interface DemoOptions {
  basePort: number;
  keepRunning: boolean;
  redisUrl: string;
}

/**
 * The README's main job: services up, an example plan run on a fresh TypeScript project, a Cockpit
 * URL first and a summary last. Offline it answers with recorded model output from a fake
 * OpenAI-compatible server; with CEREBRAS_API_KEY set it asks Cerebras.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const started = performance.now();
  const llm = await llmEnvironment();
  const workspace = createDemoWorkspace();
  const logFile = path.join(os.tmpdir(), `maker-demo-${randomUUID().slice(0, 8)}.log`);
  const logs = createWriteStream(logFile);
  const stack = new LocalStack({
    redisUrl: options.redisUrl,
    ports: portsFrom(options.basePort),
    env: { ...llm.env, MAKER_SWEEP_INTERVAL_MS: '250' },
    log: (service, line) => logs.write(`${service} ${line}\n`),
  });
  try {
    await stack.start();
    printLine(`Cockpit:   ${stack.urls.get('cockpit-gateway')}/`);
    printLine(`API:       ${stack.urls.get('orchestrator')}/v1/plans`);
    printLine(`Workspace: ${workspace} (a git repository; MAKER keeps its own history in .maker/)`);
    printLine(`LLM:       ${llm.description}`);
    printLine(`Logs:      ${logFile}`);
    const client = new MakerHttpClient({ baseUrl: stack.urls.get('orchestrator')! });
    const { plan_id } = await client.submitPlan(DEMO_PLAN, { workspace, k: 2, max_samples: 12 });
    printLine(`Plan:      ${plan_id} — ${DEMO_PLAN.micro_tasks.length} tasks`);
    const { plan, stats } = await follow(client, plan_id);
    printSummary(plan, stats, workspace, (performance.now() - started) / 1000);
    if (options.keepRunning) await waitForCtrlC();
    return plan.status === 'completed' ? 0 : 1;
  } finally {
    await stack.stop();
    await llm.stop();
    logs.end();
  }
}

async function llmEnvironment(): Promise<{
  env: Record<string, string>;
  description: string;
  stop: () => Promise<void>;
}> {
  if (process.env.CEREBRAS_API_KEY) {
    return {
      env: { MAKER_LLM_PROVIDER: 'cerebras' },
      description: 'Cerebras (CEREBRAS_API_KEY is set)',
      stop: async () => {},
    };
  }
  const server = new FakeLlmServer({ seed: 7, rules: DEMO_ANSWERS });
  const baseUrl = await server.start();
  return {
    env: {
      MAKER_LLM_PROVIDER: 'openai-compatible',
      MAKER_LLM_BASE_URL: baseUrl,
      MAKER_LLM_MODEL: 'recorded-demo-model',
    },
    description: `recorded answers from a fake OpenAI-compatible server at ${baseUrl} (set CEREBRAS_API_KEY to use Cerebras)`,
    stop: () => server.stop(),
  };
}

async function follow(
  client: MakerHttpClient,
  planId: string,
): Promise<{ plan: PlanDetail; stats: DemoStats }> {
  const stats = new DemoStats();
  const bar = progressBar('tasks');
  bar.update(0, DEMO_PLAN.micro_tasks.length);
  const stream = client.subscribe(planId, { after: 0, untilPlanEnds: true });
  for await (const event of stream as AsyncIterable<MakerEvent>) {
    stats.apply(event);
    bar.update(stats.finishedTasks, DEMO_PLAN.micro_tasks.length);
  }
  bar.stop();
  return { plan: await client.getPlan(planId), stats };
}

function printSummary(plan: PlanDetail, stats: DemoStats, workspace: string, seconds: number): void {
  printLine('');
  printLine(
    `Plan ${plan.status}: ${Object.entries(plan.counts)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ')}`,
  );
  printLine(
    `Votes ${stats.votes} · samples ${stats.samples} · red flags ${stats.redFlags} · tokens ${stats.tokens} · cost $${stats.costUsd.toFixed(4)} · ${seconds.toFixed(1)} s`,
  );
  printLine(`Files written: ${[...stats.files].sort().join(', ') || 'none'}`);
  printLine(
    `See the change: git -C ${workspace} status   (your history is untouched; MAKER's is in .maker/)`,
  );
}

function waitForCtrlC(): Promise<void> {
  printLine('Services keep running; press Ctrl-C to stop them.');
  return new Promise((resolve) => process.once('SIGINT', () => resolve()));
}
