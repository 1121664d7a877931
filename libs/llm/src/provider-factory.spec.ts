import { FakeLlmServer } from '@maker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLlmSettings } from './llm-settings.js';
import { createChatProvider } from './provider-factory.js';

const server = new FakeLlmServer({ apiKey: 'secret', defaultAnswer: 'pong' });
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await server.start();
});
afterAll(() => server.stop());

describe('createChatProvider', () => {
  it('builds a working openai-compatible stack from environment variables', async () => {
    const config = resolveLlmSettings({
      MAKER_LLM_PROVIDER: 'openai-compatible',
      MAKER_LLM_BASE_URL: baseUrl,
      MAKER_LLM_MODEL: 'fake-model',
      MAKER_LLM_API_KEY: 'secret',
    });
    const provider = createChatProvider(config);
    const completion = await provider.complete({
      model: config.model,
      messages: [{ role: 'user', content: 'ping' }],
      temperature: 0,
      maxTokens: 10,
    });
    expect(provider.name).toBe('openai-compatible');
    expect(completion.text).toBe('pong');
  });

  it('builds the simulated provider from an oracle', async () => {
    const provider = createChatProvider(
      resolveLlmSettings({ MAKER_LLM_PROVIDER: 'simulated', MAKER_LLM_SIM_P: '1' }),
      {
        oracle: () => 'right',
      },
    );
    const completion = await provider.complete({
      model: 'simulated',
      messages: [],
      temperature: 0,
      maxTokens: 10,
    });
    expect(completion.text).toBe('right');
  });

  it.each([
    [{ CEREBRAS_API_KEY: undefined }, {}, /needs an API key/],
    [{ MAKER_LLM_PROVIDER: 'simulated' }, {}, /needs an oracle/],
    [{ CEREBRAS_API_KEY: 'k', MAKER_LLM_RPM: '10' }, {}, /no Redis client/],
  ])('refuses an incomplete setup: %j', (env, deps, message) => {
    expect(() => createChatProvider(resolveLlmSettings(env), deps)).toThrow(message);
  });
});
