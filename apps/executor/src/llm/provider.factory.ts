import {
  type ChatCompletion,
  type ChatProvider,
  type ChatRequest,
  createChatProvider,
  type LlmConfig,
  LlmConfigError,
  llmConfigFromEnv,
} from '@maker/llm';
import { hanoiCorrupt, hanoiOracle } from '@maker/testing';
import type { Redis } from 'ioredis';
import type { ExecutorConfig } from '../config/executor.config.js';
import type { ExecutorMetrics } from '../metrics/executor-metrics.js';

/**
 * The executor's LLM provider: the configured one, with the global Redis rate limiter, and metrics
 * for every call. The `simulated` provider answers Towers of Hanoi steps (a task whose right answer
 * is computable) and "OK" to anything else.
 */
export function createExecutorProvider(
  config: ExecutorConfig,
  redis: Redis,
  metrics: ExecutorMetrics,
): { provider: ChatProvider; llm: LlmConfig } {
  const llm = llmConfigFromEnv(config);
  let provider: ChatProvider;
  try {
    provider = configuredProvider(llm, config, redis, metrics);
  } catch (error) {
    provider = unavailableProvider(llm, (error as Error).message);
  }
  return { provider: measured(provider, metrics), llm };
}

/**
 * A provider that is not usable (e.g. no API key): the executor still starts, and every atom call
 * fails with the configuration problem, which the task's events and result then name.
 */
function unavailableProvider(llm: LlmConfig, problem: string): ChatProvider {
  return {
    name: llm.provider,
    complete: async () => {
      throw new LlmConfigError(`the LLM provider is not usable: ${problem}`);
    },
  };
}

function configuredProvider(
  llm: LlmConfig,
  config: ExecutorConfig,
  redis: Redis,
  metrics: ExecutorMetrics,
): ChatProvider {
  return createChatProvider(llm, {
    redis,
    rateLimitKeyPrefix: `${config.MAKER_PREFIX}:llm-rate`,
    onRateLimitWait: (info) =>
      metrics.rateLimitWaits.inc({ model: info.scope.split(':').slice(1).join(':') || llm.model }),
    oracle: simulatedOracle,
    corrupt: simulatedCorrupt,
  });
}

type Messages = Array<{ role: string; content: string }>;

function isHanoi(messages: Messages): boolean {
  return /Towers of Hanoi/.test(messages.at(-1)?.content ?? '');
}

function simulatedOracle(messages: Messages): string {
  return isHanoi(messages) ? hanoiOracle(messages) : 'OK';
}

function simulatedCorrupt(correct: string, random: () => number, messages: Messages): string {
  return isHanoi(messages) ? hanoiCorrupt(correct, random, messages) : `${correct} (wrong)`;
}

function measured(provider: ChatProvider, metrics: ExecutorMetrics): ChatProvider {
  return {
    name: provider.name,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      try {
        const completion = await provider.complete(request);
        metrics.tokens.inc({ model: completion.model, kind: 'prompt' }, completion.usage.promptTokens);
        metrics.tokens.inc(
          { model: completion.model, kind: 'completion' },
          completion.usage.completionTokens,
        );
        metrics.llmDuration.observe({ model: completion.model }, completion.latencyMs / 1000);
        metrics.llmCost.inc({ model: completion.model }, completion.costUsd);
        return completion;
      } catch (error) {
        metrics.llmErrors.inc({
          model: request.model,
          code: String((error as { code?: string }).code ?? 'unknown'),
        });
        throw error;
      }
    },
  };
}
