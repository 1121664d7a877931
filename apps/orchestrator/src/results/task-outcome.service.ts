import { Inject, Injectable } from '@nestjs/common';
import type { JobPayload } from '@maker/contracts';
import { EventStreamWriter, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { FailureHandlingService } from '../policy/failure-handling.service.js';
import { type PlanSettings, PlanStore } from '../state/plan-store.js';
import type { TaskState } from '@maker/contracts';
import { DispatcherService } from '../scheduling/dispatcher.service.js';
import { PlanTransitions } from '../state/plan-transitions.js';
import { VerificationService } from './verification.service.js';

type Executed = JobPayload<'task_executed'>;
type Generated = JobPayload<'script_generated'>;

const CONDITION_OF_OUTCOME = {
  failed: 'script_failed',
  red_flagged: 'red_flagged',
  consensus_timeout: 'consensus_timeout',
  no_consensus: 'no_consensus',
  escalated: 'escalated',
  shadow_corrupt: 'shadow_corrupt',
} as const;

/** Post-execution (DESIGN §5): results of workers move tasks on, through verification or the error policy. */
@Injectable()
export class TaskOutcomeService {
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(SERVICE_CONFIG) config: OrchestratorConfig,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly failures: FailureHandlingService,
    private readonly verification: VerificationService,
    private readonly dispatcher: DispatcherService,
  ) {
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  async onScriptGenerated(result: Generated): Promise<void> {
    const { plan_id, task_id, attempt } = result;
    if (!result.ok || !result.script) {
      await this.failures.handle(
        plan_id,
        task_id,
        attempt,
        'script_failed',
        [result.error ?? 'script generation failed'],
        ['generating'],
      );
      return;
    }
    const plan = await this.store.settings(plan_id);
    if (!plan) return;
    const advanced = await this.transitions.advance(
      plan_id,
      task_id,
      attempt,
      ['generating'],
      'executing',
      {
        name: 'script_generated',
        message: `script generated (${result.mode ?? 'unknown'} mode)`,
        data: { script: result.script, mode: result.mode, attempt },
      },
      `execute:${attempt}:0:0:${Date.now()}`,
      result.script,
    );
    if (advanced.ok)
      await this.dispatcher.sendExecute(plan, advanced.definition, attempt, advanced.info, result.script);
  }

  async onTaskExecuted(result: Executed): Promise<void> {
    const { plan_id, task_id, attempt } = result;
    const plan = await this.store.settings(plan_id);
    if (!plan) return;
    if (result.outcome !== 'succeeded') {
      const reasons = result.reasons.length > 0 ? result.reasons : [result.error?.message ?? result.outcome];
      await this.failures.handle(
        plan_id,
        task_id,
        attempt,
        CONDITION_OF_OUTCOME[result.outcome],
        reasons,
        ['executing', 'verifying'],
        result,
      );
      return;
    }
    if (!plan.options.workspace && !result.commit) {
      await this.complete(plan, result, undefined, ['executing', 'verifying']);
      return;
    }
    await this.verifyAndComplete(plan, result);
  }

  /** Post-execution verification (outputs, verify command, merge) between executing and completed. */
  private async verifyAndComplete(plan: PlanSettings, result: Executed): Promise<void> {
    const { plan_id, task_id, attempt } = result;
    const entered = await this.transitions.advance(plan_id, task_id, attempt, ['executing'], 'verifying');
    if (!entered.ok) {
      const now = await this.store.taskState(plan_id, task_id);
      if (now.state !== 'verifying' || now.attempt !== attempt) return;
    }
    const task = await this.store.task(plan_id, task_id);
    const verdict = await this.verification.verifyAndMerge(plan, result, task?.outputs ?? []);
    if (verdict.kind === 'corrupt') {
      await this.failures.handle(
        plan_id,
        task_id,
        attempt,
        'shadow_corrupt',
        [verdict.reason],
        ['verifying'],
      );
      return;
    }
    if (verdict.kind === 'red_flag') {
      await this.events.append({
        event: 'red_flag',
        plan_id,
        task_id,
        message: 'post-execution verification failed',
        data: { reasons: verdict.reasons, attempt },
      });
      await this.failures.handle(
        plan_id,
        task_id,
        attempt,
        'red_flagged',
        verdict.reasons,
        ['verifying'],
        result,
      );
      return;
    }
    await this.complete(plan, result, verdict.commit, ['verifying']);
  }

  private async complete(
    plan: PlanSettings,
    result: Executed,
    commit: string | undefined,
    from: TaskState[],
  ): Promise<void> {
    const summary = { result: truncateResult(result.result), commit: commit ?? null };
    const { claimed } = await this.transitions.complete(result.plan_id, result.task_id, result.attempt, {
      message: 'task completed',
      data: { attempt: result.attempt, ...summary, stats: result.stats },
      info: summary,
      from,
      maxParallel: plan.options.max_parallel,
    });
    await this.dispatcher.send(plan, claimed);
  }
}

function truncateResult(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length > 4_000 ? `${text.slice(0, 4_000)}…` : (value ?? null);
}
