import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { CockpitGatewayConfig } from './config/cockpit-gateway.config.js';

@Module({})
export class CockpitGatewayModule {
  static forRoot(context: ServiceContext<CockpitGatewayConfig>): DynamicModule {
    return {
      module: CockpitGatewayModule,
      imports: [ServiceKitModule.forRoot(context)],
    };
  }
}
