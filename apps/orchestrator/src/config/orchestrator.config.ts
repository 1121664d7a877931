import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

/** Environment of the orchestrator service (DESIGN §12). */
export const orchestratorEnvSchema = z.object({
  ...serviceEnvShape('orchestrator'),
});

export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;
