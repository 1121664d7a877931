import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ServiceEnv } from '@maker/config';
import type { Logger, Registry } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import { ApiTokenGuard } from './api-token.guard.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { createRedisConnection } from './redis-connection.js';
import { LOGGER, METRICS_REGISTRY, REDIS, SERVICE_CONFIG, SERVICE_NAME } from './tokens.js';

export interface ServiceKitOptions {
  service: string;
  config: ServiceEnv;
  logger: Logger;
  registry: Registry;
}

/** Closes the shared Redis connection when the app shuts down. */
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * What every service shares: its parsed config, logger, metrics registry, one Redis connection,
 * health and metrics endpoints, and the API token guard.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: SERVICE_CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: METRICS_REGISTRY, useValue: options.registry },
      { provide: REDIS, useFactory: () => createRedisConnection(options.config.REDIS_URL) },
      ApiTokenGuard,
      RedisCloser,
    ];
    return {
      module: ServiceKitModule,
      controllers: [HealthController, MetricsController],
      providers,
      exports: [SERVICE_NAME, SERVICE_CONFIG, LOGGER, METRICS_REGISTRY, REDIS, ApiTokenGuard],
    };
  }
}
