import { serviceEnvShape } from '@maker/config';
import { LlmEnvSchema, llmConfigFromEnv } from '@maker/llm';
import { z } from 'zod';

/** Environment of the executor (DESIGN §12): the service's, the LLM's, and its own. */
export const executorEnvSchema = z
  .object({
    ...serviceEnvShape('executor'),
    ...LlmEnvSchema.shape,
    MAKER_EXECUTOR_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .default(4)
      .describe('task scripts run at once per executor'),
    MAKER_JOB_LOCK_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(30_000)
      .describe('BullMQ lock of a running job; a dead executor’s job is re-delivered after about this long'),
    MAKER_CONTEXT_LINES: z.coerce
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('lines of MiniCodebase context given to atoms'),
  })
  .superRefine((env, ctx) => {
    try {
      llmConfigFromEnv(env);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['MAKER_LLM_BASE_URL'], message: (error as Error).message });
    }
  });

export type ExecutorConfig = z.infer<typeof executorEnvSchema>;
