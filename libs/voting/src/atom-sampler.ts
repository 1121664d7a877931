import { type AtomPromptInput, buildAtomMessages, detectRedFlags } from '@maker/atoms';
import type { AtomType } from '@maker/contracts';
import type { Sampler } from './vote-types.js';

/** The part of `@maker/llm`'s ChatProvider a sampler needs (structurally identical). */
export interface CompletionProvider {
  complete(request: {
    model: string;
    messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
    temperature: number;
    maxTokens: number;
    signal?: AbortSignal;
  }): Promise<{
    text: string;
    finishReason: string;
    usage: { promptTokens: number; completionTokens: number };
    model: string;
    latencyMs: number;
    costUsd: number;
  }>;
}

/** Options of {@link createAtomSampler}. */
export interface AtomSamplerOptions extends Omit<AtomPromptInput, 'variant' | 'atomType'> {
  provider: CompletionProvider;
  atomType: AtomType;
  model: string;
  /** Output cap sent to the provider. @defaultValue 750 */
  maxTokens?: number;
  /** Red-flag token cap. @defaultValue maxTokens */
  redFlagTokenCap?: number;
}

/**
 * A sampler for {@link runVote}/{@link spawnAtom}: builds the atom prompt for the requested variant,
 * calls the provider, and red-flags the answer (token cap, truncation, output contract, instructions
 * aimed at the system). Provider errors propagate (the drawer retries them with another variant).
 */
export function createAtomSampler(options: AtomSamplerOptions): Sampler {
  const maxTokens = options.maxTokens ?? 750;
  return async ({ temperature, variant, signal }) => {
    const messages = buildAtomMessages({ ...options, variant });
    const completion = await options.provider.complete({
      model: options.model,
      messages,
      temperature,
      maxTokens,
      signal,
    });
    const redFlags = detectRedFlags({
      atomType: options.atomType,
      text: completion.text,
      finishReason: completion.finishReason,
      completionTokens: completion.usage.completionTokens,
      maxOutputTokens: options.redFlagTokenCap ?? maxTokens,
    });
    return {
      text: completion.text,
      redFlags,
      finishReason: completion.finishReason,
      promptTokens: completion.usage.promptTokens,
      completionTokens: completion.usage.completionTokens,
      costUsd: completion.costUsd,
      model: completion.model,
      latencyMs: completion.latencyMs,
    };
  };
}
