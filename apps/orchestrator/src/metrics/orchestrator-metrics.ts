import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@maker/service-kit';
import { Counter, DURATION_BUCKETS, Gauge, Histogram, type Registry } from '@maker/telemetry';

/** The orchestrator's own metrics (DESIGN §13). Gauges read Redis when Prometheus scrapes. */
@Injectable()
export class OrchestratorMetrics {
  readonly plansSubmitted: Counter;
  readonly resultsHandled: Counter;
  readonly retries: Counter;
  readonly rollbacks: Counter;
  readonly escalations: Counter;
  readonly stageDuration: Histogram;
  readonly plansByState: Gauge;
  readonly tasksByState: Gauge;
  readonly queueDepth: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.plansSubmitted = new Counter({
      name: 'maker_plans_submitted_total',
      help: 'Plans accepted',
      labelNames: ['via'],
      registers,
    });
    this.resultsHandled = new Counter({
      name: 'maker_results_handled_total',
      help: 'Worker results handled',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.retries = new Counter({
      name: 'maker_task_retries_total',
      help: 'Task attempts retried by the error policy',
      registers,
    });
    this.rollbacks = new Counter({
      name: 'maker_rollbacks_total',
      help: 'Task attempts rolled back',
      registers,
    });
    this.escalations = new Counter({
      name: 'maker_escalations_total',
      help: 'Tasks escalated',
      labelNames: ['reason'],
      registers,
    });
    this.stageDuration = new Histogram({
      name: 'maker_task_stage_duration_seconds',
      help: 'Time tasks spend in each stage, from the worker results',
      labelNames: ['stage'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.plansByState = new Gauge({
      name: 'maker_plans',
      help: 'Plans by state',
      labelNames: ['state'],
      registers,
    });
    this.tasksByState = new Gauge({
      name: 'maker_tasks',
      help: 'Tasks of active plans by state',
      labelNames: ['state'],
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'maker_queue_depth',
      help: 'Jobs waiting per queue',
      labelNames: ['queue', 'state'],
      registers,
    });
  }
}
