import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceKitModule } from '@maker/service-kit';
import type { CockpitGatewayConfig } from './config/cockpit-gateway.config.js';
import { EventFanout } from './fanout/event-fanout.service.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { OrchestratorProxyController } from './proxy/orchestrator-proxy.controller.js';
import { SseController } from './transport/sse.controller.js';
import { WsGateway } from './transport/ws-gateway.js';

@Module({})
export class CockpitGatewayModule {
  static forRoot(context: ServiceContext<CockpitGatewayConfig>): DynamicModule {
    return {
      module: CockpitGatewayModule,
      imports: [ServiceKitModule.forRoot(context)],
      controllers: [SseController, OrchestratorProxyController],
      providers: [EventFanout, GatewayMetrics, WsGateway],
    };
  }
}
