import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type AtomType, type JobPayload, parseAtomType } from '@maker/contracts';
import { atomCallSettings, type ChatProvider, type LlmConfig } from '@maker/llm';
import {
  EventStreamWriter,
  LOGGER,
  planKeys,
  REDIS,
  ResultsPublisher,
  SERVICE_CONFIG,
} from '@maker/service-kit';
import { type ShadowRepo, ShadowRepoPool } from '@maker/shadow-git';
import { runTaskScript, type RuntimeEvent, type TaskRunReport } from '@maker/task-runtime';
import type { Logger } from '@maker/telemetry';
import { RedisAtomJournal } from '@maker/voting';
import type { Redis } from 'ioredis';
import type { ExecutorConfig } from '../config/executor.config.js';
import { createExecutorProvider } from '../llm/provider.factory.js';
import { ExecutorMetrics } from '../metrics/executor-metrics.js';
import { CancellationRegistry } from './cancellation.registry.js';

type ExecuteJob = JobPayload<'execute'>;

/** Runs one task attempt's script in its checkout and reports the outcome to the orchestrator. */
@Injectable()
export class ExecuteTaskService implements OnApplicationShutdown {
  private readonly repos = new ShadowRepoPool();
  private readonly journal: RedisAtomJournal;
  private readonly events: EventStreamWriter;
  private readonly results: ResultsPublisher;
  private readonly provider: ChatProvider;
  private readonly llm: LlmConfig;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ExecutorMetrics,
    private readonly cancellations: CancellationRegistry,
  ) {
    this.journal = new RedisAtomJournal({ redis, prefix: config.MAKER_PREFIX });
    this.events = new EventStreamWriter(redis, config.MAKER_PREFIX);
    this.results = new ResultsPublisher(redis, config.MAKER_PREFIX);
    ({ provider: this.provider, llm: this.llm } = createExecutorProvider(config, redis, metrics));
    logger.info(
      { provider: this.llm.provider, model: this.llm.model, base_url: this.llm.baseUrl },
      'LLM provider',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.results.close();
  }

  async execute(job: ExecuteJob): Promise<void> {
    const status = await this.redis.hget(planKeys(this.config.MAKER_PREFIX, job.plan_id).meta, 'status');
    if (status !== 'running' && status !== 'paused') {
      this.logger.info(
        { plan_id: job.plan_id, task_id: job.task_id, status },
        'plan is not running: job dropped',
      );
      return;
    }
    const { signal, release } = this.cancellations.track(job.plan_id);
    const started = performance.now();
    let report: TaskRunReport;
    try {
      report = await this.run(job, signal);
    } finally {
      release();
    }
    if (signal.aborted) return;
    this.record(report, (performance.now() - started) / 1000);
    await this.results.publish('task_executed', {
      plan_id: job.plan_id,
      task_id: job.task_id,
      attempt: job.attempt,
      trace: job.trace,
      ...report,
    });
  }

  private async run(job: ExecuteJob, signal: AbortSignal): Promise<TaskRunReport> {
    const log = this.logger.child({ plan_id: job.plan_id, task_id: job.task_id, attempt: job.attempt });
    let checkout: ReturnType<ShadowRepo['taskCheckout']> | undefined;
    try {
      checkout = job.workspace
        ? (await this.repos.open(job.workspace)).taskCheckout(job.plan_id, job.task_id, job.attempt)
        : undefined;
    } catch (error) {
      log.error({ err: error }, 'cannot open the shadow repository');
      return {
        outcome: 'shadow_corrupt',
        reasons: [(error as Error).message],
        commit: null,
        stats: { samples: 0, votes: 0, red_flags: 0, tokens: 0, cost_usd: 0 },
      };
    }
    return runTaskScript(job.script, {
      planId: job.plan_id,
      taskId: job.task_id,
      attempt: job.attempt,
      task: { ...job.task, attempt: job.attempt, k: job.k },
      maxSamples: job.max_samples,
      checkout,
      workspace: job.workspace || undefined,
      provider: this.provider,
      atomSettings: (atomType) => this.atomSettings(atomType, job.models),
      journal: this.journal,
      emit: (event) => this.emit(job, event),
      layers: job.architecture?.layers,
      timeoutMs: job.timeout_ms,
      signal,
      contextLines: this.config.MAKER_CONTEXT_LINES,
    });
  }

  private atomSettings(atomType: AtomType, models: Record<string, string>) {
    const settings = atomCallSettings(this.llm, atomType);
    const override = Object.entries(models).find(([type]) => parseAtomType(type) === atomType)?.[1];
    return override ? { ...settings, model: override } : settings;
  }

  private async emit(job: ExecuteJob, event: RuntimeEvent): Promise<void> {
    if (event.event === 'vote_sample')
      this.metrics.samples.inc({ outcome: event.data.status === 'vote' ? 'voted' : 'red_flagged' });
    if (event.event === 'red_flag')
      this.metrics.redFlags.inc({ reason: String(event.data.source ?? 'sample') });
    if (event.event === 'vote_completed') {
      this.metrics.votes.inc({ status: String(event.data.status) });
      this.metrics.voteRounds.observe(Number(event.data.rounds ?? 0));
    }
    await this.events.append({
      event: event.event,
      plan_id: job.plan_id,
      task_id: job.task_id,
      message: event.message,
      data: { attempt: job.attempt, ...event.data },
    });
  }

  private record(report: TaskRunReport, seconds: number): void {
    this.metrics.executions.inc({ outcome: report.outcome });
    this.metrics.executionDuration.observe(seconds);
  }
}
