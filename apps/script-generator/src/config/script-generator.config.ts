import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

/** Environment of the script-generator service (DESIGN §12). */
export const scriptGeneratorEnvSchema = z.object({
  ...serviceEnvShape('script-generator'),
});

export type ScriptGeneratorConfig = z.infer<typeof scriptGeneratorEnvSchema>;
