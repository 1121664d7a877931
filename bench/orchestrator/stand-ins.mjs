// Stand-in script-generator and executor for benchmarks: real BullMQ workers that answer at once
// (or after a fixed delay), posting real results to the orchestrator.
import { QueueName } from '@maker/contracts';
import { ResultsPublisher } from '@maker/service-kit';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Callbacks get the task id and the BullMQ job: onGenerateStart as a generate job starts,
 * onExecuteStart and onExecuteDone around an execute job's simulated work.
 */
export function startStandIns(
  prefix,
  { workMs = 0, concurrency = 64, onGenerateStart, onExecuteStart, onExecuteDone } = {},
) {
  const connection = new Redis({ maxRetriesPerRequest: null });
  const results = new ResultsPublisher(connection, prefix);
  const opts = { connection, prefix, concurrency };
  const generate = new Worker(
    QueueName.generate,
    async (job) => {
      const { plan_id, task_id, attempt } = job.data;
      onGenerateStart?.(task_id, job);
      await results.publish('script_generated', {
        plan_id,
        task_id,
        attempt,
        ok: true,
        script: '1',
        mode: 'template',
      });
    },
    opts,
  );
  const execute = new Worker(
    QueueName.execute,
    async (job) => {
      const { plan_id, task_id, attempt } = job.data;
      onExecuteStart?.(task_id, job);
      if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
      onExecuteDone?.(task_id, job);
      await results.publish('task_executed', { plan_id, task_id, attempt, outcome: 'succeeded' });
    },
    opts,
  );
  return {
    async close() {
      await Promise.all([generate.close(), execute.close()]);
      connection.disconnect();
    },
  };
}
