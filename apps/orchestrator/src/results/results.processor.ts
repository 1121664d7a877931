import { Injectable } from '@nestjs/common';
import { JobName } from '@maker/contracts';
import { parsePayloadOrFail } from '@maker/service-kit';
import { type Job, UnrecoverableError } from 'bullmq';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { TaskOutcomeService } from './task-outcome.service.js';

/** Consumes `maker.results`: validate, hand to the outcome service. */
@Injectable()
export class ResultsProcessor {
  constructor(
    private readonly outcomes: TaskOutcomeService,
    private readonly metrics: OrchestratorMetrics,
  ) {}

  /** Transitions claim what became ready and send those jobs themselves; nothing else to dispatch here. */
  async process(job: Job): Promise<string> {
    if (job.name === JobName.scriptGenerated) {
      const payload = parsePayloadOrFail('script_generated', job.data);
      this.metrics.resultsHandled.inc({ kind: job.name, outcome: payload.ok ? 'ok' : 'failed' });
      await this.outcomes.onScriptGenerated(payload);
      return payload.plan_id;
    }
    if (job.name === JobName.taskExecuted) {
      const payload = parsePayloadOrFail('task_executed', job.data);
      this.metrics.resultsHandled.inc({ kind: job.name, outcome: payload.outcome });
      await this.outcomes.onTaskExecuted(payload);
      return payload.plan_id;
    }
    throw new UnrecoverableError(`unknown job name "${job.name}" on maker.results`);
  }
}
