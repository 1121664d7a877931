import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@maker/contracts';
import { globalKeys, LOGGER, REDIS, resultsStreamKey, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanControlService } from '../control/plan-control.service.js';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { ReplanService } from '../replan/replan.service.js';
import { DispatcherService } from '../scheduling/dispatcher.service.js';
import { OrchestratorQueues } from '../scheduling/queues.provider.js';
import { PlanStore } from '../state/plan-store.js';
import { TERMINAL_PLAN_STATES } from '@maker/contracts';

/**
 * Carries on after crashes: any replica periodically starts accepted plans, re-sends jobs whose
 * dispatch entries were not cleared, dispatches running plans, and forgets finished ones.
 */
@Injectable()
export class PlanSweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  private sweeps = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: PlanStore,
    private readonly control: PlanControlService,
    private readonly dispatcher: DispatcherService,
    private readonly queues: OrchestratorQueues,
    private readonly metrics: OrchestratorMetrics,
    private readonly replans: ReplanService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.MAKER_SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const active = globalKeys(this.config.MAKER_PREFIX).active;
      await this.replans.collectAnswers();
      for (const planId of await this.redis.smembers(active)) await this.sweepPlan(planId, active);
      if (this.sweeps++ % 5 === 0) await this.refreshGauges();
    } catch (error) {
      this.logger.warn({ err: error }, 'sweep failed; will retry');
    } finally {
      this.sweeping = false;
    }
  }

  private async sweepPlan(planId: string, activeKey: string): Promise<void> {
    const meta = await this.store.meta(planId);
    if (!meta) return;
    if (meta.status === 'accepted') return this.control.start(planId);
    if ((TERMINAL_PLAN_STATES as readonly string[]).includes(meta.status)) {
      await this.redis.srem(activeKey, planId);
      return;
    }
    await this.dispatcher.recover(planId);
    await this.dispatcher.dispatch(planId);
  }

  private async refreshGauges(): Promise<void> {
    for (const name of [QueueName.generate, QueueName.execute, QueueName.plans, QueueName.replan]) {
      const counts = await this.queues
        .queue(name)
        .getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ queue: name, state }, n);
    }
    // Worker results travel on a stream, not a BullMQ queue: its length is the backlog.
    this.metrics.queueDepth.set(
      { queue: QueueName.results, state: 'waiting' },
      await this.redis.xlen(resultsStreamKey(this.config.MAKER_PREFIX)),
    );
    const ids = await this.redis.smembers(globalKeys(this.config.MAKER_PREFIX).active);
    const byPlanState: Record<string, number> = {};
    const byTaskState: Record<string, number> = {};
    for (const id of ids) {
      const meta = await this.store.meta(id);
      if (!meta) continue;
      byPlanState[meta.status] = (byPlanState[meta.status] ?? 0) + 1;
      for (const [state, n] of Object.entries(await this.store.counts(id)))
        byTaskState[state] = (byTaskState[state] ?? 0) + n;
    }
    this.metrics.plansByState.reset();
    this.metrics.tasksByState.reset();
    for (const [state, n] of Object.entries(byPlanState)) this.metrics.plansByState.set({ state }, n);
    for (const [state, n] of Object.entries(byTaskState)) this.metrics.tasksByState.set({ state }, n);
  }
}
