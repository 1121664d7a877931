import { serviceEnvShape } from '@maker/config';
import { z } from 'zod';

/** Environment of the cockpit-gateway service (DESIGN §12). */
export const cockpitGatewayEnvSchema = z.object({
  ...serviceEnvShape('cockpit-gateway'),
});

export type CockpitGatewayConfig = z.infer<typeof cockpitGatewayEnvSchema>;
