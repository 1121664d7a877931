import { Inject, Injectable } from '@nestjs/common';
import { type PlanIssue, PlanOptionsSchema, validatePlanInput } from '@maker/contracts';
import { SERVICE_CONFIG } from '@maker/service-kit';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import { PlanControlService } from '../control/plan-control.service.js';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { PlanStore, submissionHash } from '../state/plan-store.js';

export type IntakeResult =
  | { kind: 'accepted'; plan_id: string; status: string; created: boolean }
  | { kind: 'invalid'; issues: PlanIssue[] }
  | { kind: 'conflict'; plan_id: string };

/** Validates, stores and starts plans from HTTP and from the `maker.plans` queue alike. */
@Injectable()
export class PlanIntakeService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrchestratorConfig,
    private readonly store: PlanStore,
    private readonly control: PlanControlService,
    private readonly metrics: OrchestratorMetrics,
  ) {}

  async submit(planInput: unknown, rawOptions: unknown, via: 'http' | 'queue'): Promise<IntakeResult> {
    const options = PlanOptionsSchema.safeParse(rawOptions ?? {});
    if (!options.success) {
      return {
        kind: 'invalid',
        issues: options.error.issues.map((i) => ({
          code: 'invalid_schema',
          path: `options.${i.path.join('.')}`,
          message: `options.${i.path.join('.')}: ${i.message}`,
        })),
      };
    }
    const limits = { maxTasks: this.config.MAKER_MAX_PLAN_TASKS, maxBytes: this.config.MAKER_MAX_PLAN_BYTES };
    const validation = validatePlanInput(planInput, limits);
    if (!validation.ok) return { kind: 'invalid', issues: validation.errors };
    const outcome = await this.store.create(
      validation.plan,
      options.data,
      submissionHash(planInput, options.data),
    );
    if (outcome.kind === 'conflict') return { kind: 'conflict', plan_id: outcome.planId };
    if (outcome.kind === 'created') {
      this.metrics.plansSubmitted.inc({ via });
      await this.control.start(outcome.planId);
    }
    const meta = await this.store.meta(outcome.planId);
    return {
      kind: 'accepted',
      plan_id: outcome.planId,
      status: meta?.status ?? 'accepted',
      created: outcome.kind === 'created',
    };
  }
}
