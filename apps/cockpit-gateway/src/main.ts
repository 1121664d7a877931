import { bootstrapService } from '@maker/service-kit';
import { cockpitGatewayEnvSchema } from './config/cockpit-gateway.config.js';
import { CockpitGatewayModule } from './cockpit-gateway.module.js';

await bootstrapService({
  service: 'cockpit-gateway',
  schema: cockpitGatewayEnvSchema,
  module: (context) => CockpitGatewayModule.forRoot(context),
});
