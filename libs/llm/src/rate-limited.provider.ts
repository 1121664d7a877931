import {
  type ChatCompletion,
  type ChatProvider,
  type ChatRequest,
  estimatePromptTokens,
} from './chat-provider.js';
import type { RedisLlmRateLimiter } from './redis-rate-limiter.js';

/**
 * Takes a global rate-limit slot before every call to `inner` (reserving prompt estimate + output cap
 * tokens) and settles the reservation to the tokens really used.
 */
export class RateLimitedProvider implements ChatProvider {
  readonly name: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly limiter: RedisLlmRateLimiter,
  ) {
    this.name = inner.name;
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const scope = `${this.name}:${request.model}`;
    const estimate = estimatePromptTokens(request.messages) + request.maxTokens;
    const permit = await this.limiter.acquire(scope, estimate, request.signal);
    let completion: ChatCompletion | undefined;
    try {
      completion = await this.inner.complete(request);
      return completion;
    } finally {
      const used = completion ? completion.usage.promptTokens + completion.usage.completionTokens : 0;
      await permit.settle(used).catch(() => undefined);
    }
  }
}
