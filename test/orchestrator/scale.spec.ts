import { afterAll, describe, expect, it } from 'vitest';
import { PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';

let orchestrator: RunningService | undefined;

afterAll(async () => {
  await orchestrator?.stop('SIGKILL');
});

async function heapUsedBytes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^maker_nodejs_heap_size_used_bytes\{[^}]*\} (\S+)$/m.exec(text)![1]);
}

function widePlan(planId: string, size: number) {
  return {
    plan_id: planId,
    title: `${size} tasks`,
    micro_tasks: Array.from({ length: size }, (_, i) => ({
      id: `t${i}`,
      description: `task ${i}`,
      dependencies:
        i < 100 ? [] : [`t${i - 100}`, `t${Math.floor(i / 2)}`].filter((d, j, all) => all.indexOf(d) === j),
    })),
  };
}

describe('orchestrator at scale', () => {
  it('accepts and stores 100,000-task plans in seconds, one after another, within a 256 MiB heap', async () => {
    const prefix = uniquePrefix('scale');
    // A heap far smaller than three such plans: if plans were held in memory, the process would die.
    orchestrator = await startService('orchestrator', {
      MAKER_PREFIX: prefix,
      NODE_OPTIONS: '--max-old-space-size=256',
    });
    const api = new PlanApi(orchestrator.url);
    const timings: number[] = [];
    for (let n = 0; n < 3; n++) {
      const started = performance.now();
      const response = await api.submit(widePlan(`${prefix}-big${n}`, 100_000));
      timings.push((performance.now() - started) / 1000);
      expect(response.status).toBe(201);
    }
    expect(Math.max(...timings)).toBeLessThan(30);
    const { plans } = await (await fetch(`${orchestrator.url}/v1/plans`)).json();
    const big = plans.filter((p: { plan_id: string }) => p.plan_id.startsWith(`${prefix}-big`));
    expect(big.map((p: { task_count: number }) => p.task_count)).toEqual([100_000, 100_000, 100_000]);
    expect(orchestrator.process.exitCode).toBeNull();
    const heap = await heapUsedBytes(orchestrator.url);
    console.log(
      `100,000-task plans accepted in ${timings.map((t) => t.toFixed(2)).join(', ')} s; heap now ${(heap / 2 ** 20).toFixed(0)} MiB`,
    );
  }, 150_000);
});
