import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { JobPayload } from '@maker/contracts';
import { buildCodeGraph, buildMiniCodebase } from '@maker/context';
import { createChatProvider, llmConfigFromEnv } from '@maker/llm';
import { LOGGER, REDIS, ResultsPublisher, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import { ScriptChecker } from '../checking/script-checker.js';
import type { ScriptGeneratorConfig } from '../config/script-generator.config.js';
import { LlmScriptWriter } from '../llm-writer/llm-script-writer.js';
import { GeneratorMetrics } from '../metrics/generator-metrics.js';
import { templateScript } from '../templates/script-templates.js';

type GenerateJob = JobPayload<'generate'>;
type Produced = { script: string; mode: 'template' | 'llm'; outcome: 'ok' | 'fallback' };

/** Produces a checked script for a task attempt and reports it to the orchestrator. */
@Injectable()
export class GenerateScriptService implements OnApplicationShutdown {
  private readonly checker = new ScriptChecker();
  private readonly results: ResultsPublisher;
  private writer?: LlmScriptWriter;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ScriptGeneratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: GeneratorMetrics,
  ) {
    this.results = new ResultsPublisher(redis, config.MAKER_PREFIX);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.results.close();
  }

  async generate(job: GenerateJob): Promise<void> {
    const started = performance.now();
    const produced = await this.produce(job);
    this.metrics.generated.inc({ mode: produced.mode, outcome: produced.outcome });
    this.metrics.duration.observe((performance.now() - started) / 1000);
    await this.results.publish('script_generated', {
      plan_id: job.plan_id,
      task_id: job.task_id,
      attempt: job.attempt,
      trace: job.trace,
      ok: true,
      script: produced.script,
      mode: produced.mode,
    });
  }

  private async produce(job: GenerateJob): Promise<Produced> {
    const template = templateScript({ atom_type: job.task.atom_type, feedback: job.feedback });
    if (!this.wantsLlm(job)) return { script: template, mode: 'template', outcome: 'ok' };
    const log = this.logger.child({ plan_id: job.plan_id, task_id: job.task_id, attempt: job.attempt });
    try {
      const written = await this.llmWriter().write(job, await contextOf(job));
      if (written.ok) return { script: written.script, mode: 'llm', outcome: 'ok' };
      log.warn(
        { errors: written.errors, tries: written.tries },
        'LLM scripts failed static checks: using the template',
      );
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'LLM script generation failed: using the template');
    }
    return { script: template, mode: 'template', outcome: 'fallback' };
  }

  private wantsLlm(job: GenerateJob): boolean {
    if (this.config.MAKER_SCRIPT_MODE === 'llm') return true;
    return this.config.MAKER_SCRIPT_MODE === 'auto' && (job.task.estimated_complexity ?? 0) >= 4;
  }

  private llmWriter(): LlmScriptWriter {
    if (!this.writer) {
      const llm = llmConfigFromEnv(this.config);
      this.writer = new LlmScriptWriter(
        createChatProvider(llm),
        llm.model,
        this.checker,
        this.config.MAKER_SCRIPT_TRIES,
      );
    }
    return this.writer;
  }
}

async function contextOf(job: GenerateJob): Promise<string> {
  if (!job.workspace) return '';
  try {
    const graph = await buildCodeGraph(job.workspace);
    return buildMiniCodebase(graph, {
      seedSymbols: job.task.seed_symbols,
      description: job.task.description,
      lineBudget: 200,
    }).markdown;
  } catch {
    return '';
  }
}
