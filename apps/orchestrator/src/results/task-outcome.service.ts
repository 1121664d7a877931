import { Inject, Injectable } from '@nestjs/common';
import type { JobPayload } from '@maker/contracts';
import { EventStreamWriter, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { FailureHandlingService } from '../policy/failure-handling.service.js';
import { type PlanMeta, PlanStore } from '../state/plan-store.js';
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
    await this.transitions.advance(
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
      `execute:${attempt}`,
      result.script,
    );
  }

  async onTaskExecuted(result: Executed): Promise<void> {
    const { plan_id, task_id, attempt } = result;
    const { state, attempt: current } = await this.store.taskState(plan_id, task_id);
    if (current !== attempt || (state !== 'executing' && state !== 'verifying')) return;
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
    const meta = await this.store.meta(plan_id);
    if (!meta) return;
    await this.verifyAndComplete(meta, result);
  }

  private async verifyAndComplete(meta: PlanMeta, result: Executed): Promise<void> {
    const { plan_id, task_id, attempt } = result;
    const entered = await this.transitions.advance(plan_id, task_id, attempt, ['executing'], 'verifying');
    if (!entered && (await this.store.taskState(plan_id, task_id)).state !== 'verifying') return;
    const task = await this.store.task(plan_id, task_id);
    const verdict = await this.verification.verifyAndMerge(meta, result, task?.outputs ?? []);
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
        data: { reasons: verdict.reasons },
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
    const summary = { result: truncateResult(result.result), commit: verdict.commit ?? null };
    await this.transitions.complete(
      plan_id,
      task_id,
      attempt,
      'task completed',
      { attempt, ...summary, stats: result.stats },
      summary,
    );
  }
}

function truncateResult(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length > 4_000 ? `${text.slice(0, 4_000)}…` : (value ?? null);
}
