import path from 'node:path';
import type { MakerEvent } from '@maker/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { StandInWorkers } from '../support/stand-in-workers.js';
import { type Browser, freePort, launchBrowser } from './support.js';

const prefix = uniquePrefix('cockpit');
let orchestrator: RunningService;
let gateway: RunningService;
let gatewayPort: number;
let workers: StandInWorkers;
let api: PlanApi;
let browser: Browser;
const behaviour = new Map<string, (attempt: number) => Record<string, unknown>>();
const taskDelayMs = new Map<string, number>();

const startGateway = () =>
  startService('cockpit-gateway', {
    MAKER_PREFIX: prefix,
    PORT: String(gatewayPort),
    MAKER_ORCHESTRATOR_URL: orchestrator.url,
  });

beforeAll(async () => {
  orchestrator = await startService('orchestrator', { MAKER_PREFIX: prefix, MAKER_SWEEP_INTERVAL_MS: '200' });
  gatewayPort = await freePort();
  // Assigned as each starts, so afterAll stops the gateway even when the browser fails to launch.
  await Promise.all([
    startGateway().then((started) => (gateway = started)),
    launchBrowser().then((launched) => (browser = launched)),
  ]);
  api = new PlanApi(orchestrator.url);
  workers = new StandInWorkers(prefix, async (job) => {
    await new Promise((resolve) => setTimeout(resolve, taskDelayMs.get(job.plan_id) ?? 20));
    return behaviour.get(`${job.plan_id}/${job.task_id}`)?.(job.attempt) ?? { outcome: 'succeeded' };
  });
});

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await gateway?.stop('SIGKILL');
  await orchestrator?.stop('SIGKILL');
});

const diamond = (planId: string) => ({
  plan_id: planId,
  title: `diamond ${planId}`,
  micro_tasks: [
    { id: 'a', description: 'root' },
    { id: 'b', description: 'left', dependencies: ['a'] },
    { id: 'c', description: 'right', dependencies: ['a'] },
    { id: 'd', description: 'join', dependencies: ['b', 'c'] },
  ],
});

/** Generous per test for a loaded 2-core CI machine; each takes 2-6 s here. */
const BROWSER_TEST_MS = 45_000;

const taskNode = (id: string, state: string) => `svg [data-task="${id}"][data-state="${state}"]`;

describe('the Cockpit page in headless Chromium', () => {
  it(
    'lists a running plan and shows its task graph reach completed, live',
    async () => {
      const planId = uniquePrefix('page');
      const { page } = browser;
      await page.goto(`${gateway.url}/`);
      await page.locator('[data-connection="live"]').waitFor();
      expect((await api.submit(diamond(planId))).status).toBe(201);
      await page.locator(`[data-plan="${planId}"]`).click();
      for (const id of ['a', 'b', 'c', 'd']) await page.locator(taskNode(id, 'completed')).waitFor();
      await page.locator('[data-status="completed"]').waitFor();
      await page.locator(`[data-plan="${planId}"] [data-plan-status]`, { hasText: 'completed' }).waitFor();
      const events = await api.events(planId);
      await page.locator(`[data-event-count="${events.length}"]`).waitFor();
      if (process.env.COCKPIT_SCREENSHOT_DIR) {
        await page.screenshot({
          path: path.join(process.env.COCKPIT_SCREENSHOT_DIR, 'cockpit-1366x768.png'),
        });
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'retries an escalated task from the page with a larger k; the action is in the event log and the task completes',
    async () => {
      const planId = uniquePrefix('page-esc');
      behaviour.set(`${planId}/c`, (attempt) =>
        attempt === 1
          ? { outcome: 'no_consensus', reasons: ['no candidate ahead by 3'] }
          : { outcome: 'succeeded' },
      );
      const { page } = browser;
      expect((await api.submit(diamond(planId))).status).toBe(201);
      await page.goto(`${gateway.url}/#${planId}`);
      const escalated = page.locator('[data-escalated="c"]');
      await escalated.waitFor();
      await page.locator(taskNode('c', 'escalated')).waitFor();
      await escalated.locator('input.k').fill('5');
      await escalated.locator('[data-action="retry"]').click();
      await page
        .locator('.ev[data-event="task_retry"]', { hasText: 'retried by a person with k=5' })
        .waitFor();
      await page.locator(taskNode('c', 'completed')).waitFor();
      await page.locator(taskNode('d', 'completed')).waitFor();
      const runs = workers.executed.filter((j) => j.plan_id === planId && j.task_id === 'c');
      expect(runs.map((j) => [j.attempt, j.k])).toEqual([
        [1, 3],
        [2, 5],
      ]);
    },
    BROWSER_TEST_MS,
  );

  it(
    'reconnects after the gateway restarts and holds every event of the plan once, with no gap',
    async () => {
      const planId = uniquePrefix('page-restart');
      taskDelayMs.set(planId, 120);
      const chain = Array.from({ length: 8 }, (_, i) => ({
        id: `s${i}`,
        description: `step ${i}`,
        dependencies: i > 0 ? [`s${i - 1}`] : [],
      }));
      const { page } = browser;
      expect((await api.submit({ plan_id: planId, title: 'restart', micro_tasks: chain })).status).toBe(201);
      await page.goto(`${gateway.url}/#${planId}`);
      await page.locator(taskNode('s1', 'completed')).waitFor();
      expect(await gateway.stop('SIGTERM')).toBe(0);
      await page.locator('[data-connection="reconnecting"]').waitFor();
      gateway = await startGateway();
      await page.locator('[data-connection="live"]').waitFor();
      await page.locator(taskNode('s7', 'completed')).waitFor({ timeout: 20_000 });
      const events: MakerEvent[] = await api.waitForEvent(planId, isPlanEnd);
      await page.locator(`[data-event-count="${events.length}"]`).waitFor();
      const marks = page.locator('[data-gaps]');
      expect(await marks.getAttribute('data-gaps')).toBe('0');
      expect(await marks.getAttribute('data-duplicates')).toBe('0');
      const shown = await page
        .locator('.ev')
        .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
      expect(shown).toEqual(events.map((e) => e.seq).reverse());
    },
    BROWSER_TEST_MS,
  );

  it(
    'with API tokens, takes the token from its URL and keeps it; without one the gateway refuses it',
    async () => {
      const secured = await startService('cockpit-gateway', {
        MAKER_PREFIX: prefix,
        MAKER_API_TOKENS: 'cockpit-secret',
        MAKER_ORCHESTRATOR_URL: orchestrator.url,
      });
      const other = await launchBrowser();
      try {
        const planId = uniquePrefix('page-token');
        expect((await api.submit(diamond(planId))).status).toBe(201);
        await other.page.goto(`${secured.url}/#${planId}`);
        await other.page.locator('[data-connection="reconnecting"]').waitFor();
        await other.page.locator('.notice-error').waitFor();
        await other.page.goto(`${secured.url}/?token=cockpit-secret#${planId}`);
        await other.page.locator(taskNode('d', 'completed')).waitFor();
        expect(new URL(other.page.url()).search).toBe('');
        await other.page.reload();
        await other.page.locator('[data-connection="live"]').waitFor();
        await other.page.locator(taskNode('d', 'completed')).waitFor();
      } finally {
        await other.close();
        await secured.stop('SIGKILL');
      }
    },
    BROWSER_TEST_MS,
  );
});
