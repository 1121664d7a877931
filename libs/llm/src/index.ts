export {
  type ChatCompletion,
  type ChatMessage,
  type ChatProvider,
  type ChatRequest,
  estimatePromptTokens,
  estimateTokens,
  type FinishReason,
  type TokenUsage,
} from './chat-provider.js';
export * from './llm-errors.js';
export {
  type AtomModelOverride,
  atomCallSettings,
  LLM_PROVIDERS,
  type LlmConfig,
  type LlmEnv,
  LlmEnvSchema,
  type LlmProviderName,
  llmConfigFromEnv,
  PROVIDER_DEFAULTS,
  resolveLlmSettings,
} from './llm-settings.js';
export {
  classifyProviderError,
  OpenAiCompatibleProvider,
  type OpenAiCompatibleProviderOptions,
} from './openai-compatible.provider.js';
export { costUsd, DEFAULT_MODEL_PRICES, type ModelPrice, priceFor } from './pricing.js';
export { type ChatProviderDeps, createChatProvider } from './provider-factory.js';
export { RateLimitedProvider } from './rate-limited.provider.js';
export {
  type RateLimitPermit,
  type RateLimitWaitInfo,
  RedisLlmRateLimiter,
  type RedisLlmRateLimiterOptions,
} from './redis-rate-limiter.js';
export { type BackoffOptions, backoffDelay, parseRetryAfter, sleep } from './retry-after.js';
export { type LlmRetryInfo, type RetryOptions, RetryingProvider } from './retrying.provider.js';
export {
  type SimulatedCorrupter,
  type SimulatedOracle,
  SimulatedProvider,
  type SimulatedProviderOptions,
} from './simulated.provider.js';
