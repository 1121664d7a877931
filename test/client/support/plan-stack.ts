import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobPayload } from '@maker/contracts';
import { type RunningService, startService, uniquePrefix } from '../../support/service-process.js';
import { StandInWorkers } from '../../support/stand-in-workers.js';

/**
 * A real orchestrator process on its own prefix, with stand-in workers whose behaviour is written
 * into task descriptions, so CLI tests can drive it from plan files alone:
 * `[fail]` fails every attempt; `[escalate-once]` has no consensus on attempt 1, then succeeds;
 * `[hold]` does not finish until the test calls {@link PlanStack.release} for it.
 */
export class PlanStack {
  private readonly gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  private readonly startedWaiters = new Map<string, Array<() => void>>();
  private readonly started = new Set<string>();

  private constructor(
    readonly prefix: string,
    readonly orchestrator: RunningService,
    readonly workers: StandInWorkers,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<PlanStack> {
    const prefix = uniquePrefix(label);
    const orchestrator = await startService('orchestrator', {
      MAKER_PREFIX: prefix,
      MAKER_SWEEP_INTERVAL_MS: '200',
      MAKER_MAX_ATTEMPTS: '1',
      ...env,
    });
    let stack: PlanStack | undefined;
    const workers = new StandInWorkers(prefix, (job) => stack!.behave(job));
    stack = new PlanStack(prefix, orchestrator, workers);
    return stack;
  }

  get url(): string {
    return this.orchestrator.url;
  }

  /** Lets a `[hold]` task of a plan finish. */
  release(planId: string, taskId: string): void {
    this.gate(`${planId}/${taskId}`).open();
  }

  /** Resolves once the stand-in executor has started the task. */
  executing(planId: string, taskId: string): Promise<void> {
    const key = `${planId}/${taskId}`;
    if (this.started.has(key)) return Promise.resolve();
    return new Promise((resolve) =>
      this.startedWaiters.set(key, [...(this.startedWaiters.get(key) ?? []), resolve]),
    );
  }

  async stop(): Promise<void> {
    for (const gate of this.gates.values()) gate.open();
    await this.workers.close();
    await this.orchestrator.stop('SIGKILL');
  }

  private async behave(job: JobPayload<'execute'>) {
    const key = `${job.plan_id}/${job.task_id}`;
    this.started.add(key);
    for (const wake of this.startedWaiters.get(key) ?? []) wake();
    const description = job.task.description;
    if (description.includes('[hold]')) await this.gate(key).promise;
    if (description.includes('[fail]')) {
      return {
        outcome: 'failed' as const,
        error: { type: 'ErrorRuntime', message: 'boom', line: 1, column: 1 },
      };
    }
    if (description.includes('[escalate-once]') && job.attempt === 1) {
      return { outcome: 'no_consensus' as const, reasons: ['no candidate ahead by 3'] };
    }
    return { outcome: 'succeeded' as const, result: `${job.task_id} ok` };
  }

  private gate(key: string) {
    let gate = this.gates.get(key);
    if (!gate) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
      this.gates.set(key, gate);
    }
    return gate;
  }
}

/** An Architect plan: tasks as `[id, description, deps?]`. */
export function architectPlan(planId: string, tasks: Array<[string, string, string[]?]>) {
  return {
    plan_id: planId,
    title: `test plan ${planId}`,
    micro_tasks: tasks.map(([id, description, dependencies]) => ({
      id,
      description,
      dependencies: dependencies ?? [],
    })),
  };
}

const tempDirs: string[] = [];

/** A temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(label = 'maker-cli-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), label));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a plan to a temporary file and returns its path. */
export function planFile(plan: unknown, name = 'plan.json'): string {
  const dir = tempDir();
  const file = path.join(dir, name);
  writeFileSync(file, typeof plan === 'string' ? plan : JSON.stringify(plan, null, 2));
  return file;
}

export { uniquePrefix };
