import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type JobName, QUEUE_OF_JOB, QueueName, stageJobId } from '@maker/contracts';
import { createRedisConnection, SERVICE_CONFIG, TickBatcher } from '@maker/service-kit';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OrchestratorConfig } from '../config/orchestrator.config.js';
import type { StageJob } from './job-factory.js';

/** The BullMQ queues the orchestrator produces to, on one shared connection. */
@Injectable()
export class OrchestratorQueues implements OnApplicationShutdown {
  readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly inserts = new TickBatcher(async (queue, jobs: StageJob[]) => {
    await this.insert(this.queue(queue as QueueName), jobs);
    return jobs.map(() => undefined);
  });

  constructor(@Inject(SERVICE_CONFIG) config: OrchestratorConfig) {
    this.connection = createRedisConnection(config.REDIS_URL);
    for (const name of Object.values(QueueName)) {
      this.queues.set(name, new Queue(name, { connection: this.connection, prefix: config.MAKER_PREFIX }));
    }
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  /**
   * Adds jobs; ids are deterministic, so adding one that exists changes nothing. Jobs added in the
   * same turn go to each queue in one bulk insert.
   */
  async addAll(jobs: StageJob[]): Promise<void> {
    await Promise.all(jobs.map((job) => this.inserts.add(job.queue, job)));
  }

  /** One job alone (a chain's next task) goes without addBulk's MULTI/EXEC around it. */
  private async insert(queue: Queue, jobs: StageJob[]): Promise<void> {
    if (jobs.length === 1) await queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else await queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: j.opts })));
  }

  /** Removes the waiting jobs of task attempts (active ones are stopped through the control channel). */
  async removeAttemptJobs(
    planId: string,
    attempts: Array<{ taskId: string; attempt: number }>,
  ): Promise<void> {
    for (const stage of ['generate', 'execute'] as const satisfies JobName[]) {
      const queue = this.queue(QUEUE_OF_JOB[stage]);
      const ids = attempts.map(({ taskId, attempt }) => stageJobId(planId, taskId, attempt, stage));
      await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
