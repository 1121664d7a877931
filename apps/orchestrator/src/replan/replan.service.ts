import { Inject, Injectable } from '@nestjs/common';
import { QueueName, stageJobId } from '@maker/contracts';
import { EventStreamWriter, LOGGER, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanControlService } from '../control/plan-control.service.js';
import { DispatcherService } from '../scheduling/dispatcher.service.js';
import { promptContexts } from '../scheduling/prompt-context.js';
import { OrchestratorQueues } from '../scheduling/queues.provider.js';
import { PlanStore } from '../state/plan-store.js';
import { PlanTransitions } from '../state/plan-transitions.js';
import { spliceSubPlan } from './splice-plan.js';

/**
 * Re-plans (DESIGN §6): after repeated red flags a `replan_requested` job goes to `maker.replan`
 * for an external Architect; its return value (a sub-plan) is spliced in. Pending requests live in
 * Redis, so any orchestrator replica picks up an answer, even one given while all were down.
 */
@Injectable()
export class ReplanService {
  private readonly pendingKey: string;
  private readonly events: EventStreamWriter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: PlanStore,
    private readonly transitions: PlanTransitions,
    private readonly dispatcher: DispatcherService,
    private readonly queues: OrchestratorQueues,
    private readonly control: PlanControlService,
  ) {
    this.pendingKey = `${config.MAKER_PREFIX}:replan:pending`;
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
  }

  async request(planId: string, taskId: string, attempt: number, reasons: string[]): Promise<void> {
    const plan = (await this.store.settings(planId))!;
    const task = (await this.store.task(planId, taskId))!;
    const { index: _index, phase: _phase, chain_length: _chain, ...spec } = task;
    const [{ taskPlan }] = await promptContexts(this.redis, this.config.MAKER_PREFIX, plan, [task]);
    const data = {
      plan_id: planId,
      task_id: taskId,
      attempt,
      trace: {},
      reasons,
      task: spec,
      task_plan: taskPlan,
    };
    const jobId = stageJobId(planId, taskId, attempt, 'replan');
    await this.redis.sadd(this.pendingKey, `${planId}|${taskId}|${attempt}`);
    await this.queues.queue(QueueName.replan).add('replan_requested', data, {
      jobId,
      removeOnComplete: { age: 86_400 },
      removeOnFail: { age: 86_400 },
    });
  }

  /** Splices every answered re-plan; called by the sweeper. */
  async collectAnswers(): Promise<void> {
    for (const member of await this.redis.smembers(this.pendingKey)) {
      const [planId, taskId, attempt] = member.split('|');
      const job = await Job.fromId(
        this.queues.queue(QueueName.replan),
        stageJobId(planId, taskId, Number(attempt), 'replan'),
      );
      const state = job ? await job.getState() : 'missing';
      if (state === 'completed') await this.splice(planId, taskId, Number(attempt), job!.returnvalue);
      else if (state === 'failed' || state === 'missing')
        await this.note(
          planId,
          taskId,
          `re-plan request ${state}: ${job?.failedReason ?? 'job not found'}; a person decides`,
        );
      else continue;
      await this.redis.srem(this.pendingKey, member);
    }
  }

  private async splice(planId: string, taskId: string, attempt: number, answer: unknown): Promise<void> {
    const plan = await this.store.settings(planId);
    const parent = await this.store.task(planId, taskId);
    if (!plan || !parent) return;
    const decision = spliceSubPlan(parent, answer);
    if (decision.kind === 'cycle') {
      await this.control.halt(planId, `re-plan of ${taskId} rejected: ${decision.message}`, {
        cycle: decision.cycle,
        task_id: taskId,
      });
      return;
    }
    if (decision.kind === 'invalid') {
      await this.note(
        planId,
        taskId,
        `re-plan rejected: ${decision.issues.map((i) => i.message).join('; ')}; a person decides`,
      );
      return;
    }
    const message = `re-planned into ${decision.subtasks.length} tasks`;
    const { result, claimed } = await this.transitions.splice(
      planId,
      taskId,
      attempt,
      decision.subtasks,
      message,
      plan.options.max_parallel,
    );
    if (result !== 'ok')
      this.logger.warn({ plan_id: planId, task_id: taskId, result }, 're-plan not spliced');
    await this.dispatcher.send(plan, claimed);
  }

  private async note(planId: string, taskId: string, message: string): Promise<void> {
    await this.events.append({
      event: 'log',
      plan_id: planId,
      task_id: taskId,
      message,
      data: { level: 'warn', replan: true },
    });
  }
}
