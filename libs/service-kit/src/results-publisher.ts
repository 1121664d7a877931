import { type JobPayloadInput, jobSchemas } from '@maker/contracts';
import type { Redis } from 'ioredis';

export type ResultName = 'script_generated' | 'task_executed';

/** The Redis stream that carries worker results to the orchestrators. Persisted name. */
export function resultsStreamKey(prefix: string): string {
  return `${prefix}:results`;
}

/**
 * Workers report results to the orchestrator through a Redis stream read by a consumer group
 * (`ResultsConsumer`), never by writing plan state. One XADD per result: cheaper than a BullMQ job,
 * and just as durable (an entry stays pending until an orchestrator acknowledges it). Handling is
 * idempotent per (plan, task, attempt, stage), so a result published twice changes nothing twice.
 */
export class ResultsPublisher {
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  async publish<N extends ResultName>(name: N, payload: JobPayloadInput<N>): Promise<void> {
    const data = jobSchemas[name].parse(payload);
    await this.connection.xadd(resultsStreamKey(this.prefix), '*', 'n', name, 'd', JSON.stringify(data));
  }

  /** Nothing to release: the connection belongs to the caller. */
  async close(): Promise<void> {}
}
