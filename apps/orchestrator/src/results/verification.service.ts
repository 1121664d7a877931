import { spawn } from 'node:child_process';
import { Inject, Injectable } from '@nestjs/common';
import type { JobPayload } from '@maker/contracts';
import { MergeConflictError, ShadowRepoCorruptError, type TaskCheckout } from '@maker/shadow-git';
import { EventStreamWriter, planKeys, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import type { PlanSettings } from '../state/plan-store.js';
import { WorkspaceService } from '../workspace/workspace.service.js';

export type Verdict =
  | { kind: 'ok'; commit?: string }
  | { kind: 'red_flag'; reasons: string[] }
  | { kind: 'corrupt'; reason: string };

/**
 * Post-execution verification (DESIGN §5): declared outputs exist, the plan's opt-in verify command
 * passes in the task checkout, and the task's commit merges into the plan's integration state
 * (a conflict is a red flag). Merges are idempotent per (plan, task, attempt).
 */
@Injectable()
export class VerificationService {
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    private readonly workspaces: WorkspaceService,
  ) {
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  async verifyAndMerge(
    meta: PlanSettings,
    result: JobPayload<'task_executed'>,
    outputs: string[],
  ): Promise<Verdict> {
    const workspace = meta.options.workspace;
    if (!workspace)
      return result.commit
        ? { kind: 'red_flag', reasons: ['the task wrote files but the plan has no workspace'] }
        : { kind: 'ok' };
    try {
      const repo = await this.workspaces.repo(workspace);
      const checkout = repo.taskCheckout(meta.plan_id, result.task_id, result.attempt);
      const reasons = [
        ...(await missingOutputs(checkout, outputs)),
        ...(await this.runVerifyCommand(meta, checkout)),
      ];
      if (reasons.length > 0) return { kind: 'red_flag', reasons };
      if (!result.commit) return { kind: 'ok' };
      const merged = await repo.mergeTask(meta.plan_id, result.task_id, result.attempt, result.commit);
      await repo.syncWorkspace(meta.plan_id);
      await this.recordMerge(meta, result, merged.commit);
      return { kind: 'ok', commit: merged.commit };
    } catch (error) {
      if (error instanceof MergeConflictError)
        return { kind: 'red_flag', reasons: [`merge conflict in ${error.files.join(', ')}`] };
      if (error instanceof ShadowRepoCorruptError) return { kind: 'corrupt', reason: error.message };
      throw error;
    }
  }

  private async recordMerge(
    meta: PlanSettings,
    result: JobPayload<'task_executed'>,
    commit: string,
  ): Promise<void> {
    const keys = planKeys(this.config.MAKER_PREFIX, meta.plan_id);
    await this.redis.hset(keys.meta, 'head', commit);
    await this.events.appendOnce(
      {
        event: 'merge',
        plan_id: meta.plan_id,
        task_id: result.task_id,
        message: `merged attempt ${result.attempt} into the plan`,
        data: { commit, task_commit: result.commit, attempt: result.attempt },
      },
      `merge:${result.task_id}:${result.attempt}`,
      commit,
    );
  }

  private async runVerifyCommand(meta: PlanSettings, checkout: TaskCheckout): Promise<string[]> {
    const command = meta.options.verify_command;
    if (!command) return [];
    const cwd = (await checkout.isMaterialized()) ? checkout.dir : meta.options.workspace!;
    const { code, output } = await runShell(command, cwd, this.config.MAKER_VERIFY_TIMEOUT_MS);
    return code === 0 ? [] : [`verify command exited with ${code}: ${output.slice(-2_000)}`];
  }
}

async function missingOutputs(checkout: TaskCheckout, outputs: string[]): Promise<string[]> {
  const files = outputs.filter((o) => /[./]/.test(o) && !/\s/.test(o));
  const missing: string[] = [];
  for (const file of files)
    if (!(await checkout.fileExists(file))) missing.push(`declared output ${file} does not exist`);
  return missing;
}

function runShell(
  command: string,
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd,
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
