import type { MakerEvent } from '@maker/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { StandInWorkers } from '../support/stand-in-workers.js';

const running: RunningService[] = [];
let workers: StandInWorkers | undefined;

afterAll(async () => {
  await workers?.close();
  for (const service of running) await service.stop('SIGKILL');
});

describe('several orchestrators on one Redis', () => {
  it('run plans together without double-dispatching or losing a transition', async () => {
    const prefix = uniquePrefix('replicas');
    const env = { MAKER_PREFIX: prefix, MAKER_SWEEP_INTERVAL_MS: '50' };
    running.push(await startService('orchestrator', env), await startService('orchestrator', env));
    workers = new StandInWorkers(prefix, async () => ({ outcome: 'succeeded' }), 16);
    const planIds: string[] = [];
    for (let p = 0; p < 4; p++) {
      const tasks = Array.from({ length: 40 }, (_, i) => ({
        id: `t${i}`,
        description: 'step',
        dependencies:
          i < 4 ? [] : [`t${i - 4}`, `t${(i * 7) % i}`].filter((d, j, all) => all.indexOf(d) === j),
      }));
      const api = new PlanApi(running[p % 2].url);
      const response = await api.submit({ plan_id: `${prefix}-${p}`, title: 'replicas', micro_tasks: tasks });
      expect(response.status).toBe(201);
      planIds.push(response.body.plan_id);
    }
    for (const [p, planId] of planIds.entries()) {
      const events = await new PlanApi(running[(p + 1) % 2].url).waitForEvent(planId, isPlanEnd, 60_000);
      expect(events.at(-1)!.event).toBe('plan_completed');
      expectEachTaskOnce(events, 40);
    }
    const executed = workers.executed.map((j) => `${j.plan_id}/${j.task_id}/${j.attempt}`);
    expect(new Set(executed).size).toBe(executed.length);
    expect(executed).toHaveLength(160);
  }, 90_000);
});

function expectEachTaskOnce(events: MakerEvent[], tasks: number) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  for (const name of ['task_started', 'task_completed', 'script_generated']) {
    const ids = events.filter((e) => e.event === name).map((e) => e.task_id);
    expect(new Set(ids).size, name).toBe(tasks);
    expect(ids, name).toHaveLength(tasks);
  }
}
