import { QueueName } from '@maker/contracts';
import { ResultsPublisher } from '@maker/service-kit';
import { FakeLlmServer } from '@maker/testing';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';

const SCRIPT = `
let a = vote(AtomType::Planner, "first question", 3);
let b = spawn_atom(AtomType::Planner, "slow question");
a.value + " / " + b.value
`;

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('executor crash mid-script', () => {
  it('re-runs the script after a kill -9 with the same result, paying for no completed LLM call twice', async () => {
    const prefix = uniquePrefix('xcrash');
    const llm = new FakeLlmServer({
      seed: 5,
      rules: [
        { match: 'first question', answer: 'forty-two' },
        { match: 'slow question', answer: 'slowly', latencyMs: 4_000 },
      ],
    });
    const baseUrl = await llm.start();
    cleanup.push(() => llm.stop());
    const env = {
      MAKER_PREFIX: prefix,
      MAKER_LLM_PROVIDER: 'openai-compatible',
      MAKER_LLM_BASE_URL: baseUrl,
      MAKER_LLM_MODEL: 'fake',
      MAKER_JOB_LOCK_MS: '2000',
    };
    const orchestrator = await startService('orchestrator', {
      MAKER_PREFIX: prefix,
      MAKER_SWEEP_INTERVAL_MS: '200',
    });
    let executor: RunningService = await startService('executor', env);
    cleanup.push(
      () => orchestrator.stop('SIGKILL'),
      () => executor.stop('SIGKILL'),
    );
    // A stand-in script generator that hands the executor our script.
    const connection = new Redis({ maxRetriesPerRequest: null });
    const results = new ResultsPublisher(connection, prefix);
    const generator = new Worker(
      QueueName.generate,
      async (job: Job) => {
        const { plan_id, task_id, attempt } = job.data;
        const data = { plan_id, task_id, attempt, ok: true, script: SCRIPT, mode: 'llm' as const };
        await results.publish('script_generated', data);
      },
      { connection, prefix },
    );
    cleanup.push(
      () => generator.close(),
      () => connection.disconnect(),
    );

    const api = new PlanApi(orchestrator.url);
    const { body } = await api.submit({
      title: 'one task',
      micro_tasks: [{ id: 'q', description: 'answer two questions', atom_type: 'Planner' }],
    });
    await api.waitForEvent(body.plan_id, (e) => e.event === 'atom_spawned');
    while (llm.requestsMatching(/slow question/).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await executor.stop('SIGKILL')).toBeNull();
    executor = await startService('executor', env);

    const events = await api.waitForEvent(body.plan_id, isPlanEnd, 60_000);
    expect(events.at(-1)!.event).toBe('plan_completed');
    const completed = events.find((e) => e.event === 'task_completed')!;
    expect(completed.details.data.result).toBe('forty-two / slowly');
    expect(llm.requestsMatching(/first question/)).toHaveLength(3);
    // Only the call in flight at the kill is sent again: nothing of it was received, so nothing was journaled.
    expect(llm.requestsMatching(/slow question/)).toHaveLength(2);
    // The vote ran twice (once per executor), the second time from the journal.
    expect(events.filter((e) => e.event === 'vote_started')).toHaveLength(2);
    expect(events.filter((e) => e.event === 'vote_completed').map((e) => e.details.data.status)).toEqual([
      'decided',
      'decided',
    ]);
  }, 90_000);
});
