import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createRedisConnection, globalKeys, LOGGER, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Redis } from 'ioredis';
import type { ExecutorConfig } from '../config/executor.config.js';

/**
 * Aborts running scripts of a plan when the orchestrator cancels it or stops it in an emergency
 * (a message on the control channel): cancel stops running jobs, not only queued ones.
 */
@Injectable()
export class CancellationRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, Set<AbortController>>();
  private subscriber?: Redis;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Subscribes in the background: the executor starts (and reports not ready) while Redis is down. */
  onApplicationBootstrap(): void {
    this.subscriber = createRedisConnection(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel, message) => this.onControl(message));
    this.subscriber.on('error', () => {});
    this.subscriber.subscribe(globalKeys(this.config.MAKER_PREFIX).control).catch((error: Error) => {
      this.logger.warn(
        { err: error.message },
        'control channel unavailable: cancel reaches queued jobs only',
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  /** A signal that aborts when the plan is cancelled; call the returned release when the job ends. */
  track(planId: string): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const set = this.running.get(planId) ?? new Set();
    set.add(controller);
    this.running.set(planId, set);
    return {
      signal: controller.signal,
      release: () => {
        set.delete(controller);
        if (set.size === 0) this.running.delete(planId);
      },
    };
  }

  private onControl(message: string): void {
    try {
      const { action, plan_id } = JSON.parse(message) as { action?: string; plan_id?: string };
      if (action !== 'cancel' || !plan_id) return;
      for (const controller of this.running.get(plan_id) ?? [])
        controller.abort(new Error(`plan ${plan_id} was cancelled`));
    } catch {
      this.logger.warn({ message }, 'ignored a malformed control message');
    }
  }
}
