import type { TokenUsage } from './chat-provider.js';

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/**
 * List prices of known models (USD per 1M tokens, late 2025; approximate, overridable).
 * Unknown and local models cost 0.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'gpt-oss-120b': { inputPerMillion: 0.35, outputPerMillion: 0.75 },
  'gpt-oss-20b': { inputPerMillion: 0.1, outputPerMillion: 0.5 },
  'llama-3.3-70b': { inputPerMillion: 0.85, outputPerMillion: 1.2 },
  'llama3.1-8b': { inputPerMillion: 0.1, outputPerMillion: 0.1 },
  'qwen-3-32b': { inputPerMillion: 0.4, outputPerMillion: 0.8 },
};

/**
 * Looks a model up by its id, then without a vendor prefix (`openai/gpt-4.1-mini` → `gpt-4.1-mini`),
 * overrides first.
 */
export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return overrides[model] ?? overrides[bare] ?? DEFAULT_MODEL_PRICES[model] ?? DEFAULT_MODEL_PRICES[bare];
}

/** Cost of one call in USD; 0 for unknown models. */
export function costUsd(model: string, usage: TokenUsage, overrides?: Record<string, ModelPrice>): number {
  const price = priceFor(model, overrides);
  if (!price) return 0;
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1e6;
}
