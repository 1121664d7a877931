import { describe, expect, it } from 'vitest';
import { atomCallSettings, resolveLlmSettings } from './llm-settings.js';

describe('resolveLlmSettings', () => {
  it('defaults to Cerebras with its base URL and CEREBRAS_API_KEY, 60 s timeout, 750 tokens, temperature 0.1', () => {
    expect(resolveLlmSettings({ CEREBRAS_API_KEY: 'csk', PATH: '/bin' })).toMatchObject({
      provider: 'cerebras',
      baseUrl: 'https://api.cerebras.ai/v1',
      model: 'llama-3.3-70b',
      apiKey: 'csk',
      temperature: 0.1,
      maxTokens: 750,
      timeoutMs: 60_000,
      maxRetries: 4,
      rateLimit: { maxWaitMs: 120_000 },
    });
  });

  it.each([
    [
      { MAKER_LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk' },
      { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk', model: 'gpt-4.1-mini' },
    ],
    [
      { MAKER_LLM_PROVIDER: 'openrouter', OPENROUTER_API_KEY: 'or' },
      { baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'or' },
    ],
    [
      {
        MAKER_LLM_PROVIDER: 'openai-compatible',
        MAKER_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
        MAKER_LLM_MODEL: 'qwen2.5-coder',
      },
      { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder', apiKey: undefined },
    ],
    [{ MAKER_LLM_API_KEY: 'explicit', CEREBRAS_API_KEY: 'csk' }, { apiKey: 'explicit' }],
    [
      { MAKER_LLM_PROVIDER: 'simulated', MAKER_LLM_SIM_P: '0.95', MAKER_LLM_SIM_SEED: '7' },
      { simulated: { pCorrect: 0.95, latencyMs: 0, seed: 7 } },
    ],
    [
      { MAKER_LLM_RPM: '600', MAKER_LLM_TPM: '1000000' },
      { rateLimit: { requestsPerMinute: 600, tokensPerMinute: 1_000_000, maxWaitMs: 120_000 } },
    ],
    [{ MAKER_LLM_BASE_URL: '' }, { baseUrl: 'https://api.cerebras.ai/v1' }],
  ])('resolves %j', (env, expected) => {
    expect(resolveLlmSettings(env)).toMatchObject(expected);
  });

  it('reads per-atom-type overrides and applies them over the defaults', () => {
    const config = resolveLlmSettings({
      MAKER_LLM_ATOM_OVERRIDES: '{"Coder":{"model":"big","maxTokens":4000},"Reviewer":{"temperature":0.3}}',
    });
    expect(atomCallSettings(config, 'Coder')).toEqual({ model: 'big', temperature: 0.1, maxTokens: 4000 });
    expect(atomCallSettings(config, 'Reviewer')).toEqual({
      model: 'llama-3.3-70b',
      temperature: 0.3,
      maxTokens: 750,
    });
    expect(atomCallSettings(config, 'Search')).toEqual({
      model: 'llama-3.3-70b',
      temperature: 0.1,
      maxTokens: 750,
    });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      resolveLlmSettings({
        MAKER_LLM_PROVIDER: 'bard',
        MAKER_LLM_TIMEOUT_MS: '-1',
        MAKER_LLM_ATOM_OVERRIDES: '{"Poet":{}}',
      }),
    ).toThrow(/MAKER_LLM_PROVIDER.*MAKER_LLM_TIMEOUT_MS.*MAKER_LLM_ATOM_OVERRIDES/);
  });

  it('requires a base URL for openai-compatible', () => {
    expect(() => resolveLlmSettings({ MAKER_LLM_PROVIDER: 'openai-compatible' })).toThrow(
      expect.objectContaining({ code: 'llm_config', message: expect.stringContaining('MAKER_LLM_BASE_URL') }),
    );
  });
});
