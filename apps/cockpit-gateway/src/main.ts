import { bootstrapService } from '@maker/service-kit';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveCockpitPage } from './cockpit-page.js';
import { cockpitGatewayEnvSchema } from './config/cockpit-gateway.config.js';
import { CockpitGatewayModule } from './cockpit-gateway.module.js';

await bootstrapService({
  service: 'cockpit-gateway',
  schema: cockpitGatewayEnvSchema,
  module: (context) => CockpitGatewayModule.forRoot(context),
  configure: (app, { logger }) => {
    if (!serveCockpitPage(app as NestExpressApplication)) {
      logger.warn('the Cockpit page is not built (dist/public); serving the API only');
    }
  },
});
