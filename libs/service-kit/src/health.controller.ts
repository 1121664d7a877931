import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { redisAnswers } from './redis-connection.js';
import { SERVICE_NAME, REDIS } from './tokens.js';

/** Liveness: the process serves HTTP. Readiness: Redis answers, so work can flow. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok', service: this.service };
  }

  @Get('ready')
  async ready() {
    if (!(await redisAnswers(this.redis))) {
      throw new ServiceUnavailableException({ status: 'unavailable', service: this.service, redis: 'down' });
    }
    return { status: 'ok', service: this.service, redis: 'up' };
  }
}
