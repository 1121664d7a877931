import { type JobPayloadInput, jobSchemas, QueueName, stageJobId } from '@maker/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

type ResultName = 'script_generated' | 'task_executed';

const STAGE_OF: Record<ResultName, string> = { script_generated: 'generated', task_executed: 'executed' };

/**
 * Workers report results to the orchestrator through `maker.results`, never by writing plan
 * state. Job ids are deterministic per (plan, task, attempt, stage): a worker that re-runs a job
 * after a crash reports once.
 */
export class ResultsPublisher {
  private readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(QueueName.results, { connection, prefix });
  }

  async publish<N extends ResultName>(name: N, payload: JobPayloadInput<N>): Promise<void> {
    const data = jobSchemas[name].parse(payload) as { plan_id: string; task_id: string; attempt: number };
    await this.queue.add(name, data, {
      jobId: stageJobId(data.plan_id, data.task_id, data.attempt, STAGE_OF[name]),
      attempts: 10,
      backoff: { type: 'exponential', delay: 200 },
      // Handling a result is idempotent: nothing needs the job once handled.
      removeOnComplete: true,
      removeOnFail: { age: 86_400 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
