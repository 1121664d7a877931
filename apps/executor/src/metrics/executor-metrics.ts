import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@maker/service-kit';
import { Counter, DURATION_BUCKETS, Histogram, type Registry } from '@maker/telemetry';

/** The executor's metrics (DESIGN §13); names are queried by the Grafana dashboard and alerts. */
@Injectable()
export class ExecutorMetrics {
  readonly executions: Counter;
  readonly executionDuration: Histogram;
  readonly samples: Counter;
  readonly votes: Counter;
  readonly voteRounds: Histogram;
  readonly tokens: Counter;
  readonly llmDuration: Histogram;
  readonly llmCost: Counter;
  readonly llmErrors: Counter;
  readonly rateLimitWaits: Counter;
  readonly redFlags: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.executions = new Counter({
      name: 'maker_executions_total',
      help: 'Task script runs by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.executionDuration = new Histogram({
      name: 'maker_execution_duration_seconds',
      help: 'Task script run time',
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.samples = new Counter({
      name: 'maker_atom_samples_total',
      help: 'Atom samples by outcome (voted, red_flagged, error)',
      labelNames: ['outcome'],
      registers,
    });
    this.votes = new Counter({
      name: 'maker_votes_total',
      help: 'Votes by ending',
      labelNames: ['status'],
      registers,
    });
    this.voteRounds = new Histogram({
      name: 'maker_vote_rounds',
      help: 'Sampling rounds per vote',
      buckets: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20],
      registers,
    });
    this.tokens = new Counter({
      name: 'maker_llm_tokens_total',
      help: 'LLM tokens by model and kind (prompt, completion)',
      labelNames: ['model', 'kind'],
      registers,
    });
    this.llmDuration = new Histogram({
      name: 'maker_llm_request_duration_seconds',
      help: 'LLM request latency by model',
      labelNames: ['model'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.llmCost = new Counter({
      name: 'maker_llm_cost_usd_total',
      help: 'LLM cost in US dollars by model',
      labelNames: ['model'],
      registers,
    });
    this.llmErrors = new Counter({
      name: 'maker_llm_errors_total',
      help: 'LLM request errors by model and code',
      labelNames: ['model', 'code'],
      registers,
    });
    this.rateLimitWaits = new Counter({
      name: 'maker_rate_limit_waits_total',
      help: 'Waits for the global LLM rate limiter',
      labelNames: ['model'],
      registers,
    });
    this.redFlags = new Counter({
      name: 'maker_red_flags_total',
      help: 'Red flags raised, by source',
      labelNames: ['reason'],
      registers,
    });
  }
}
