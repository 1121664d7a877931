import { type JobPayload, type JobPayloadInput, QueueName } from '@maker/contracts';
import { ResultsPublisher } from '@maker/service-kit';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';

export type ExecuteBehaviour = (
  job: JobPayload<'execute'>,
) => Partial<JobPayloadInput<'task_executed'>> | Promise<Partial<JobPayloadInput<'task_executed'>>>;

/**
 * Workers that stand in for script-generator and executor: they consume the real queues and post
 * real results, with behaviour chosen per test.
 */
export class StandInWorkers {
  readonly connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  private readonly results: ResultsPublisher;
  private readonly workers: Worker[] = [];
  readonly executed: Array<JobPayload<'execute'>> = [];
  readonly running = new Set<string>();
  maxConcurrent = 0;

  constructor(
    prefix: string,
    private readonly execute: ExecuteBehaviour = () => ({ outcome: 'succeeded' }),
    concurrency = 8,
  ) {
    this.results = new ResultsPublisher(this.connection, prefix);
    const opts = { connection: this.connection, prefix, concurrency };
    this.workers.push(new Worker(QueueName.generate, (job) => this.generate(job), opts));
    this.workers.push(new Worker(QueueName.execute, (job) => this.run(job), opts));
  }

  private async generate(job: Job<JobPayload<'generate'>>): Promise<void> {
    const { plan_id, task_id, attempt } = job.data;
    await this.results.publish('script_generated', {
      plan_id,
      task_id,
      attempt,
      ok: true,
      script: `log("${task_id}"); "done"`,
      mode: 'template',
    });
  }

  private async run(job: Job<JobPayload<'execute'>>): Promise<void> {
    const { plan_id, task_id, attempt } = job.data;
    this.executed.push(job.data);
    this.running.add(task_id);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running.size);
    try {
      const result = await this.execute(job.data);
      await this.results.publish('task_executed', {
        plan_id,
        task_id,
        attempt,
        outcome: 'succeeded',
        ...result,
      });
    } finally {
      this.running.delete(task_id);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.connection.disconnect();
  }
}
