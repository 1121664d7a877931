import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  type ChatCompletion,
  type ChatProvider,
  type ChatRequest,
  estimatePromptTokens,
  estimateTokens,
  type FinishReason,
} from './chat-provider.js';
import {
  errorForStatus,
  LlmAbortedError,
  LlmBadResponseError,
  LlmConnectionError,
  type LlmError,
  LlmTimeoutError,
} from './llm-errors.js';
import { costUsd, type ModelPrice } from './pricing.js';
import { parseRetryAfter } from './retry-after.js';

/** Options of {@link OpenAiCompatibleProvider}. */
export interface OpenAiCompatibleProviderOptions {
  /** Provider name for metrics and rate-limit keys. @defaultValue 'openai-compatible' */
  name?: string;
  /** Base URL ending in `/v1` (e.g. `https://api.cerebras.ai/v1`). */
  baseUrl: string;
  /** API key; local servers accept any. @defaultValue 'not-needed' */
  apiKey?: string;
  /** Per-call timeout (one HTTP attempt). @defaultValue 60000 */
  timeoutMs?: number;
  /** Price overrides by model id. @defaultValue {} */
  prices?: Record<string, ModelPrice>;
}

const FINISH_REASONS = new Set<FinishReason>(['stop', 'length', 'content_filter', 'tool_calls']);

/**
 * One HTTP attempt per call against an OpenAI-compatible endpoint (the SDK's own retries are off:
 * {@link RetryingProvider} retries with our policy), errors classified into {@link LlmError}s.
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(private readonly options: OpenAiCompatibleProviderOptions) {
    this.name = options.name ?? 'openai-compatible';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      apiKey: options.apiKey || 'not-needed',
      maxRetries: 0,
      timeout: this.timeoutMs,
    });
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const started = Date.now();
    let response: OpenAI.Chat.Completions.ChatCompletion;
    try {
      response = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages,
          temperature: request.temperature,
          max_tokens: request.maxTokens,
        },
        { signal: request.signal, timeout: this.timeoutMs, maxRetries: 0 },
      );
    } catch (error) {
      throw classifyProviderError(error, this.timeoutMs);
    }
    return this.toCompletion(request, response, Date.now() - started);
  }

  private toCompletion(
    request: ChatRequest,
    response: OpenAI.Chat.Completions.ChatCompletion,
    latencyMs: number,
  ): ChatCompletion {
    const choice = response.choices?.[0];
    const text = choice?.message?.content;
    if (!choice || typeof text !== 'string') {
      throw new LlmBadResponseError(`${this.name}: response has no message content`);
    }
    const usage = {
      promptTokens: response.usage?.prompt_tokens ?? estimatePromptTokens(request.messages),
      completionTokens: response.usage?.completion_tokens ?? estimateTokens(text),
    };
    const reason = choice.finish_reason as FinishReason;
    return {
      text,
      finishReason: FINISH_REASONS.has(reason) ? reason : 'unknown',
      usage,
      model: response.model || request.model,
      latencyMs,
      costUsd: costUsd(request.model, usage, this.options.prices),
    };
  }
}

/** Maps an OpenAI SDK error (or anything thrown) to an {@link LlmError}. */
export function classifyProviderError(error: unknown, timeoutMs: number): LlmError {
  if (error instanceof APIUserAbortError)
    return new LlmAbortedError('LLM call aborted', undefined, undefined, { cause: error });
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmTimeoutError(`LLM call timed out after ${timeoutMs} ms`, undefined, undefined, {
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new LlmConnectionError(`LLM connection failed: ${error.message}`, undefined, undefined, {
      cause: error,
    });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const retryAfter = parseRetryAfter(error.headers?.get('retry-after'));
    return errorForStatus(error.status, `LLM HTTP ${error.status}: ${error.message}`, retryAfter, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmConnectionError(`LLM call failed: ${message}`, undefined, undefined, { cause: error });
}
