import { Inject, Injectable } from '@nestjs/common';
import { readPlanEvents, REDIS, SERVICE_CONFIG } from '@maker/service-kit';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanStore } from '../state/plan-store.js';

/** Read side of the plan API. */
@Injectable()
export class PlanQueryService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    private readonly store: PlanStore,
  ) {}

  async list(limit: number) {
    const ids = await this.store.listPlans(limit);
    const plans = await Promise.all(ids.map((id) => this.summary(id)));
    return { plans: plans.filter(Boolean) };
  }

  async plan(planId: string) {
    const summary = await this.summary(planId);
    if (!summary) return undefined;
    return { ...summary, tasks: await this.store.tasks(planId) };
  }

  async events(planId: string, after: number, limit: number) {
    if (!(await this.store.meta(planId))) return undefined;
    return readPlanEvents(this.redis, this.config.MAKER_PREFIX, planId, after, limit);
  }

  private async summary(planId: string) {
    const meta = await this.store.meta(planId);
    if (!meta) return undefined;
    const { body_hash: _hash, ...rest } = meta;
    return { ...rest, counts: await this.store.counts(planId) };
  }
}
