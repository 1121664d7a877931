import type { Redis } from 'ioredis';
import type { ChatProvider } from './chat-provider.js';
import { LlmConfigError } from './llm-errors.js';
import type { LlmConfig } from './llm-settings.js';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.js';
import { RateLimitedProvider } from './rate-limited.provider.js';
import { type RateLimitWaitInfo, RedisLlmRateLimiter } from './redis-rate-limiter.js';
import { type LlmRetryInfo, RetryingProvider } from './retrying.provider.js';
import { type SimulatedCorrupter, type SimulatedOracle, SimulatedProvider } from './simulated.provider.js';

/** Runtime dependencies of {@link createChatProvider}. */
export interface ChatProviderDeps {
  /** Connected ioredis client for the global rate limiter (required when a limit is configured). */
  redis?: Redis;
  /** Rate-limit key prefix, e.g. `${MAKER_PREFIX}:llm-rate`. @defaultValue 'maker:llm-rate' */
  rateLimitKeyPrefix?: string;
  onRateLimitWait?: (info: RateLimitWaitInfo) => void;
  onRetry?: (info: LlmRetryInfo) => void;
  /** Required for the `simulated` provider. */
  oracle?: SimulatedOracle;
  corrupt?: SimulatedCorrupter;
}

/**
 * Builds the provider stack for a config: retries (outermost) → global Redis rate limit → one HTTP
 * attempt. The simulated provider has no retries and no rate limit.
 */
export function createChatProvider(config: LlmConfig, deps: ChatProviderDeps = {}): ChatProvider {
  if (config.provider === 'simulated') {
    if (!deps.oracle) throw new LlmConfigError('the simulated provider needs an oracle');
    return new SimulatedProvider({
      oracle: deps.oracle,
      corrupt: deps.corrupt,
      model: config.model,
      ...config.simulated,
    });
  }
  if (!config.baseUrl) throw new LlmConfigError(`provider ${config.provider} needs a base URL`);
  if (!config.apiKey && config.provider !== 'openai-compatible') {
    throw new LlmConfigError(`provider ${config.provider} needs an API key (MAKER_LLM_API_KEY)`);
  }
  let provider: ChatProvider = new OpenAiCompatibleProvider({
    name: config.provider,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    prices: config.prices,
  });
  const { requestsPerMinute, tokensPerMinute, maxWaitMs } = config.rateLimit;
  if (requestsPerMinute || tokensPerMinute) {
    if (!deps.redis) throw new LlmConfigError('a rate limit is configured but no Redis client was given');
    const limiter = new RedisLlmRateLimiter({
      redis: deps.redis,
      keyPrefix: deps.rateLimitKeyPrefix,
      requestsPerMinute,
      tokensPerMinute,
      maxWaitMs,
      onWait: deps.onRateLimitWait,
    });
    provider = new RateLimitedProvider(provider, limiter);
  }
  return new RetryingProvider(provider, { maxRetries: config.maxRetries, onRetry: deps.onRetry });
}
