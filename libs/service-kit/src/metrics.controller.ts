import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from '@maker/telemetry';
import { METRICS_REGISTRY } from './tokens.js';

/** Prometheus text exposition of the service's registry. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
