import { ATOM_TYPES, type AtomType } from '@maker/contracts';
import { z } from 'zod';
import { LlmConfigError } from './llm-errors.js';
import type { ModelPrice } from './pricing.js';

export const LLM_PROVIDERS = ['cerebras', 'openai', 'openrouter', 'openai-compatible', 'simulated'] as const;
export type LlmProviderName = (typeof LLM_PROVIDERS)[number];

/** Per-atom-type overrides of model, temperature and output cap. */
export interface AtomModelOverride {
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/** The plain LLM configuration the factory consumes (the executor's config produces it). */
export interface LlmConfig {
  provider: LlmProviderName;
  /** Base URL ending in `/v1`; resolved from the provider when not given. */
  baseUrl?: string;
  model: string;
  apiKey?: string;
  /** Voting temperature after the first (temperature 0) sample. @defaultValue 0.1 */
  temperature: number;
  /** Output token cap (the paper's red-flag threshold). @defaultValue 750 */
  maxTokens: number;
  atomOverrides: Partial<Record<AtomType, AtomModelOverride>>;
  /** Per-call timeout of one HTTP attempt. @defaultValue 60000 */
  timeoutMs: number;
  /** Retries of transient errors. @defaultValue 4 */
  maxRetries: number;
  /** Global limits per provider+model; unset = unlimited. */
  rateLimit: { requestsPerMinute?: number; tokensPerMinute?: number; maxWaitMs: number };
  prices: Record<string, ModelPrice>;
  /** The simulated provider's p, latency and seed. */
  simulated: { pCorrect: number; latencyMs: number; seed: number };
}

export const PROVIDER_DEFAULTS: Record<
  LlmProviderName,
  { baseUrl?: string; model: string; keyVariable?: string }
> = {
  cerebras: {
    baseUrl: 'https://api.cerebras.ai/v1',
    model: 'llama-3.3-70b',
    keyVariable: 'CEREBRAS_API_KEY',
  },
  openai: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', keyVariable: 'OPENAI_API_KEY' },
  openrouter: {
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4.1-mini',
    keyVariable: 'OPENROUTER_API_KEY',
  },
  'openai-compatible': { model: 'local-model' },
  simulated: { model: 'simulated' },
};

const overrideSchema = z.object({
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
});
const overridesSchema = z.partialRecord(z.enum(ATOM_TYPES), overrideSchema);
const pricesSchema = z.record(
  z.string(),
  z.object({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }),
);

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const optionalPositiveInt = z.coerce.number().int().positive().optional();

/**
 * The LLM part of a service's environment, with a description per variable. Parse it with
 * {@link resolveLlmSettings}, or merge `.shape` into a service's own config schema.
 */
export const LlmEnvSchema = z.object({
  MAKER_LLM_PROVIDER: z.enum(LLM_PROVIDERS).default('cerebras').describe('LLM provider'),
  MAKER_LLM_BASE_URL: z
    .url()
    .optional()
    .describe('OpenAI-compatible base URL ending in /v1 (provider default otherwise)'),
  MAKER_LLM_MODEL: z.string().min(1).optional().describe('Default model (provider default otherwise)'),
  MAKER_LLM_API_KEY: z.string().min(1).optional().describe("API key (else the provider's usual variable)"),
  CEREBRAS_API_KEY: z.string().min(1).optional().describe('Cerebras API key'),
  OPENAI_API_KEY: z.string().min(1).optional().describe('OpenAI API key'),
  OPENROUTER_API_KEY: z.string().min(1).optional().describe('OpenRouter API key'),
  MAKER_LLM_TEMPERATURE: z.coerce
    .number()
    .min(0)
    .max(2)
    .default(0.1)
    .describe('Voting temperature after the first sample'),
  MAKER_LLM_MAX_TOKENS: z.coerce
    .number()
    .int()
    .positive()
    .default(750)
    .describe('Output token cap (red flag above it)'),
  MAKER_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000).describe('Per-call timeout in ms'),
  MAKER_LLM_MAX_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(20)
    .default(4)
    .describe('Retries of 429/5xx/timeouts'),
  MAKER_LLM_RPM: optionalPositiveInt.describe('Global requests per minute per provider+model'),
  MAKER_LLM_TPM: optionalPositiveInt.describe('Global tokens per minute per provider+model'),
  MAKER_LLM_RATE_LIMIT_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(120_000)
    .describe('Longest wait for a rate-limit slot'),
  MAKER_LLM_ATOM_OVERRIDES: jsonOf(overridesSchema)
    .optional()
    .describe('JSON {"Coder":{"model","temperature","maxTokens"}}'),
  MAKER_LLM_PRICES: jsonOf(pricesSchema)
    .optional()
    .describe('JSON {"model":{"inputPerMillion","outputPerMillion"}}'),
  MAKER_LLM_SIM_P: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.99)
    .describe('Simulated provider: P(right answer)'),
  MAKER_LLM_SIM_LATENCY_MS: z.coerce.number().int().min(0).default(0).describe('Simulated provider: latency'),
  MAKER_LLM_SIM_SEED: z.coerce.number().int().default(1).describe('Simulated provider: seed'),
});
export type LlmEnv = z.infer<typeof LlmEnvSchema>;

/**
 * Builds the {@link LlmConfig} from environment variables (validated by {@link LlmEnvSchema}).
 * @throws LlmConfigError naming every bad variable, or a missing base URL for `openai-compatible`.
 */
export function resolveLlmSettings(env: Record<string, string | undefined>): LlmConfig {
  const parsed = LlmEnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new LlmConfigError(`invalid LLM configuration: ${problems.join('; ')}`);
  }
  return llmConfigFromEnv(parsed.data);
}

/** Maps already-parsed {@link LlmEnv} values to an {@link LlmConfig}. */
export function llmConfigFromEnv(e: LlmEnv): LlmConfig {
  const defaults = PROVIDER_DEFAULTS[e.MAKER_LLM_PROVIDER];
  const baseUrl = e.MAKER_LLM_BASE_URL ?? defaults.baseUrl;
  if (!baseUrl && e.MAKER_LLM_PROVIDER === 'openai-compatible') {
    throw new LlmConfigError('MAKER_LLM_BASE_URL is required for provider openai-compatible');
  }
  const providerKey = defaults.keyVariable ? (e as Record<string, unknown>)[defaults.keyVariable] : undefined;
  return {
    provider: e.MAKER_LLM_PROVIDER,
    baseUrl,
    model: e.MAKER_LLM_MODEL ?? defaults.model,
    apiKey: e.MAKER_LLM_API_KEY ?? (providerKey as string | undefined),
    temperature: e.MAKER_LLM_TEMPERATURE,
    maxTokens: e.MAKER_LLM_MAX_TOKENS,
    atomOverrides: e.MAKER_LLM_ATOM_OVERRIDES ?? {},
    timeoutMs: e.MAKER_LLM_TIMEOUT_MS,
    maxRetries: e.MAKER_LLM_MAX_RETRIES,
    rateLimit: {
      requestsPerMinute: e.MAKER_LLM_RPM,
      tokensPerMinute: e.MAKER_LLM_TPM,
      maxWaitMs: e.MAKER_LLM_RATE_LIMIT_MAX_WAIT_MS,
    },
    prices: e.MAKER_LLM_PRICES ?? {},
    simulated: {
      pCorrect: e.MAKER_LLM_SIM_P,
      latencyMs: e.MAKER_LLM_SIM_LATENCY_MS,
      seed: e.MAKER_LLM_SIM_SEED,
    },
  };
}

/** Model, temperature and output cap for one atom type (overrides over defaults). */
export function atomCallSettings(
  config: LlmConfig,
  atomType: AtomType,
): { model: string; temperature: number; maxTokens: number } {
  const override = config.atomOverrides[atomType] ?? {};
  return {
    model: override.model ?? config.model,
    temperature: override.temperature ?? config.temperature,
    maxTokens: override.maxTokens ?? config.maxTokens,
  };
}

function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()),
  );
}
