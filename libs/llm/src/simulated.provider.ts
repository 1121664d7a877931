import {
  type ChatCompletion,
  type ChatMessage,
  type ChatProvider,
  type ChatRequest,
  estimatePromptTokens,
  estimateTokens,
} from './chat-provider.js';
import { LlmAbortedError } from './llm-errors.js';
import { sleep } from './retry-after.js';
import { createSeededRandom } from './seeded-random.js';

/** Maps a prompt to the right answer (the task must be computable). */
export type SimulatedOracle = (messages: ChatMessage[]) => string;
/** Produces a wrong answer from the right one. */
export type SimulatedCorrupter = (correct: string, random: () => number, messages: ChatMessage[]) => string;

/** Options of {@link SimulatedProvider}. */
export interface SimulatedProviderOptions {
  oracle: SimulatedOracle;
  /** @defaultValue a single dominant wrong answer: `${correct} (wrong)` */
  corrupt?: SimulatedCorrupter;
  /** Probability a call answers right. @defaultValue 0.99 */
  pCorrect?: number;
  /** Probability a call rambles past `maxTokens` (truncated, finish_reason `length`). @defaultValue 0 */
  overlongRate?: number;
  /** Simulated latency per call. @defaultValue 0 */
  latencyMs?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Reported model name. @defaultValue 'simulated' */
  model?: string;
}

/**
 * An LLM that answers right with probability p per call, independently of temperature (the
 * paper's model of a step). Deterministic per seed for a given call order. Costs nothing.
 */
export class SimulatedProvider implements ChatProvider {
  readonly name = 'simulated';
  private readonly random: () => number;
  /** Calls answered so far. */
  calls = 0;

  constructor(private readonly options: SimulatedProviderOptions) {
    this.random = createSeededRandom(options.seed ?? 1);
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    if (request.signal?.aborted) throw new LlmAbortedError('simulated call aborted');
    const started = Date.now();
    this.calls++;
    const draw = this.random();
    const overlong = this.random() < (this.options.overlongRate ?? 0);
    const correct = this.options.oracle(request.messages);
    let text = draw < (this.options.pCorrect ?? 0.99) ? correct : this.corrupt(correct, request.messages);
    if (overlong) text = `${text}\n${'Let me reconsider the previous step. '.repeat(request.maxTokens)}`;
    const truncated = estimateTokens(text) > request.maxTokens;
    if (truncated) text = text.slice(0, request.maxTokens * 4);
    if (this.options.latencyMs) await sleep(this.options.latencyMs, request.signal);
    return {
      text,
      finishReason: truncated ? 'length' : 'stop',
      usage: { promptTokens: estimatePromptTokens(request.messages), completionTokens: estimateTokens(text) },
      model: this.options.model ?? 'simulated',
      latencyMs: Date.now() - started,
      costUsd: 0,
    };
  }

  private corrupt(correct: string, messages: ChatMessage[]): string {
    return this.options.corrupt ? this.options.corrupt(correct, this.random, messages) : `${correct} (wrong)`;
  }
}
