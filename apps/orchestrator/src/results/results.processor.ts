import { Injectable } from '@nestjs/common';
import { JobName } from '@maker/contracts';
import { parsePayloadOrFail } from '@maker/service-kit';
import { UnrecoverableError } from 'bullmq';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics.js';
import { TaskOutcomeService } from './task-outcome.service.js';

/** Handles worker results from the results stream: validate, hand to the outcome service. */
@Injectable()
export class ResultsProcessor {
  constructor(
    private readonly outcomes: TaskOutcomeService,
    private readonly metrics: OrchestratorMetrics,
  ) {}

  /** Transitions claim what became ready and send those jobs themselves; nothing else to dispatch here. */
  async process(name: string, data: unknown): Promise<string> {
    if (name === JobName.scriptGenerated) {
      const payload = parsePayloadOrFail('script_generated', data);
      this.metrics.resultsHandled.inc({ kind: name, outcome: payload.ok ? 'ok' : 'failed' });
      await this.outcomes.onScriptGenerated(payload);
      return payload.plan_id;
    }
    if (name === JobName.taskExecuted) {
      const payload = parsePayloadOrFail('task_executed', data);
      this.metrics.resultsHandled.inc({ kind: name, outcome: payload.outcome });
      await this.outcomes.onTaskExecuted(payload);
      return payload.plan_id;
    }
    throw new UnrecoverableError(`unknown result "${name}"`);
  }
}
