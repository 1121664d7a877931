/** One chat message (OpenAI chat-completions shape, text only). */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A single chat-completion request. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  /** Output token cap sent to the provider. */
  maxTokens: number;
  signal?: AbortSignal;
}

/** Why generation stopped; `length` means the answer was truncated at `maxTokens`. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'unknown';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A completed chat call, usage recorded and priced. */
export interface ChatCompletion {
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage;
  /** The model that answered (as reported by the provider). */
  model: string;
  /** Wall-clock time of the call including retries and rate-limit waits of the layers below. */
  latencyMs: number;
  costUsd: number;
}

/** Anything that answers chat completions: an HTTP provider, a simulation, or a decorator around one. */
export interface ChatProvider {
  /** Provider name for metrics and rate-limit keys (e.g. `cerebras`). */
  readonly name: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
}

/** Approximate token count of a text when a provider reports none: one token per 4 characters. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Approximate prompt tokens of a message list. */
export function estimatePromptTokens(messages: ChatMessage[]): number {
  return estimateTokens(messages.map((m) => m.content).join('\n'));
}
