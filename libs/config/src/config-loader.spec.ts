import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config-loader.js';
import { serviceEnvSchema } from './service-env.schema.js';

describe('service configuration', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(serviceEnvSchema('executor'), {})).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAKER_PREFIX: 'maker',
      PORT: 8083,
      MAKER_API_TOKENS: [],
    });
  });

  it.each([
    ['orchestrator', 8080],
    ['cockpit-gateway', 8081],
    ['script-generator', 8082],
    ['executor', 8083],
  ] as const)('gives %s port %i by default', (service, port) => {
    expect(loadConfig(serviceEnvSchema(service), {}).PORT).toBe(port);
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadConfig(serviceEnvSchema('orchestrator'), { PORT: 'eighty', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['PORT', 'REDIS_URL']);
      expect((error as Error).message).toMatch(/^ {2}PORT: /m);
      expect((error as Error).message).toMatch(/^ {2}REDIS_URL: must be a redis:\/\//m);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(serviceEnvSchema('executor'), { PORT: '', MAKER_PREFIX: '' })).toMatchObject({
      PORT: 8083,
      MAKER_PREFIX: 'maker',
    });
  });

  it('splits API tokens on commas', () => {
    expect(
      loadConfig(serviceEnvSchema('orchestrator'), { MAKER_API_TOKENS: 'a, b,,c' }).MAKER_API_TOKENS,
    ).toEqual(['a', 'b', 'c']);
  });
});
