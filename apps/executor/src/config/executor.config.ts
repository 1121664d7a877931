import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

/** Environment of the executor service (DESIGN §12). */
export const executorEnvSchema = z.object({
  ...serviceEnvShape('executor'),
});

export type ExecutorConfig = z.infer<typeof executorEnvSchema>;
