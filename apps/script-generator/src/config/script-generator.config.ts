import { serviceEnvShape } from '@maker/config';
import { LlmEnvSchema } from '@maker/llm';
import { z } from 'zod';

/** Environment of the script generator (DESIGN §12). */
export const scriptGeneratorEnvSchema = z.object({
  ...serviceEnvShape('script-generator'),
  ...LlmEnvSchema.shape,
  MAKER_SCRIPT_MODE: z
    .enum(['auto', 'template', 'llm'])
    .default('auto')
    .describe(
      'auto: templates for simple tasks, LLM-written scripts for complex ones (estimated_complexity ≥ 4)',
    ),
  MAKER_SCRIPT_TRIES: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('LLM scripts tried before falling back to the template'),
  MAKER_GENERATOR_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(8)
    .describe('scripts generated at once'),
});

export type ScriptGeneratorConfig = z.infer<typeof scriptGeneratorEnvSchema>;
