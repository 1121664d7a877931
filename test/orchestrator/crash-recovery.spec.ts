import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MakerEvent } from '@maker/contracts';
import { ShadowRepo } from '@maker/shadow-git';
import { createSeededRandom } from '@maker/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { userRepository } from '../support/stack.js';
import { StandInWorkers } from '../support/stand-in-workers.js';

/** A layered DAG: each task depends on one or two tasks of the previous layer. */
function layeredPlan(planId: string, layers: number, width: number) {
  const tasks = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < width; i++) {
      const deps =
        layer === 0 ? [] : [...new Set([`L${layer - 1}-${i}`, `L${layer - 1}-${(i + 1) % width}`])];
      tasks.push({ id: `L${layer}-${i}`, description: `write file ${layer}-${i}`, dependencies: deps });
    }
  }
  return { plan_id: planId, title: 'crash test', micro_tasks: tasks };
}

const running: RunningService[] = [];
let workers: StandInWorkers | undefined;

afterAll(async () => {
  await workers?.close();
  for (const service of running) await service.stop('SIGKILL');
});

describe('orchestrator crash recovery', () => {
  it.each([1, 2, 3])(
    'kill -9 at random moments (seed %i): every plan completes, nothing runs, merges or is logged twice',
    async (seed) => {
      const prefix = uniquePrefix(`crash${seed}`);
      const random = createSeededRandom(seed);
      const repos = new Map<string, Promise<ShadowRepo>>();
      const openRepo = (dir: string) => {
        if (!repos.has(dir)) repos.set(dir, ShadowRepo.open(dir));
        return repos.get(dir)!;
      };
      workers = new StandInWorkers(prefix, async (job) => {
        const checkout = (await openRepo(job.workspace)).taskCheckout(job.plan_id, job.task_id, job.attempt);
        await checkout.writeFile(`out/${job.task_id}.txt`, `${job.task_id}\n`);
        return { outcome: 'succeeded', commit: await checkout.commit(`task ${job.task_id}`) };
      });
      const env = { MAKER_PREFIX: prefix, MAKER_SWEEP_INTERVAL_MS: '100', MAKER_JOB_LOCK_MS: '1500' };
      let orchestrator = await startService('orchestrator', env);
      running.push(orchestrator);
      const plans = [0, 1].map((n) => ({
        id: `${prefix}-p${n}`,
        workspace: userRepository({ 'README.md': `plan ${n}\n` }),
      }));
      for (const plan of plans) {
        const response = await new PlanApi(orchestrator.url).submit({
          ...layeredPlan(plan.id, 5, 4),
          options: { workspace: plan.workspace, max_parallel: 3 },
        });
        expect(response.status).toBe(201);
      }
      for (let kill = 0; kill < 4; kill++) {
        await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(random() * 500)));
        await orchestrator.stop('SIGKILL');
        orchestrator = await startService('orchestrator', env);
        running.push(orchestrator);
      }
      const api = new PlanApi(orchestrator.url);
      for (const plan of plans) {
        const events = await api.waitForEvent(plan.id, isPlanEnd, 90_000);
        const trail = events
          .map((e) => `${e.seq}:${e.event}:${e.task_id ?? ''}:${e.details.data.attempt ?? ''}`)
          .join(' ');
        expect(events.at(-1)!.event, trail).toBe('plan_completed');
        expectNoDuplicates(events, trail);
        expect(readFileSync(path.join(plan.workspace, 'out/L4-3.txt'), 'utf8')).toBe('L4-3\n');
        const snapshotTree = (await (await openRepo(plan.workspace)).listSnapshots(plan.id)).length;
        expect(snapshotTree).toBeGreaterThan(0);
      }
      await workers.close();
      workers = undefined;
    },
    180_000,
  );
});

function expectNoDuplicates(events: MakerEvent[], trail: string) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const once = (name: string) => {
    const seen = events
      .filter((e) => e.event === name)
      .map((e) => `${e.task_id}:${e.details.data.attempt ?? ''}`);
    expect(new Set(seen).size, `${name} repeated in ${trail}`).toBe(seen.length);
  };
  once('task_completed');
  once('merge');
  once('task_started');
  const completed = events.filter((e) => e.event === 'task_completed').map((e) => e.task_id);
  expect(completed, trail).toHaveLength(20);
  expect(events.filter((e) => e.event === 'merge').length, trail).toBe(20);
}
