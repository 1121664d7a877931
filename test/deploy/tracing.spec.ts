import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanEnd, PlanApi } from '../support/plan-api.js';
import { type RunningService, startService, stopProcess, uniquePrefix } from '../support/service-process.js';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { REPO_ROOT } from './support/tools.js';

/** Starts the traced stand-in for script-generator and executor; resolves once it consumes. */
function startTracedWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'test/deploy/fixtures/traced-stand-in-worker.mjs')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stand-in worker exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk) => {
      if (String(chunk).includes('stand-in worker ready')) {
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}

const ofPlan = (planId: string) => (s: ReceivedSpan) => s.attributes.plan_id === planId;

/*
 * Skipped until the orchestrator is wired for tracing (the test is complete; only the wiring is
 * missing). It needs, in the orchestrator process:
 *  1. libs/service-kit bootstrapService: `const stopTracing = startTracing({ service: options.service,
 *     endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT })` before NestFactory.create, and
 *     `await stopTracing()` after `await app.close()` in the SIGTERM handler;
 *  2. apps/orchestrator/src/scheduling/job-factory.ts: `trace: stageTraceCarrier(meta.plan_id,
 *     'generate', { task_id: task.id, attempt })` instead of `trace: injectTraceCarrier()` in
 *     generateJob, and the same with 'execute' in executeJob.
 * Without them the orchestrator exports no span and the payloads carry an empty `trace`.
 */
describe('tracing across services', () => {
  const receiver = new OtlpReceiver();
  const prefix = uniquePrefix('trace');
  let orchestrator: RunningService | undefined;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    const endpoint = await receiver.listen();
    const env = { MAKER_PREFIX: prefix, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
    [orchestrator, worker] = await Promise.all([
      startService('orchestrator', { ...env, MAKER_SWEEP_INTERVAL_MS: '200' }),
      startTracedWorker(env),
    ]);
  });

  afterAll(async () => {
    await Promise.all([orchestrator?.stop('SIGTERM'), worker && stopProcess(worker, 'SIGTERM')]);
    await receiver.close();
  });

  it('makes the spans of one plan, in the orchestrator and in the worker, one trace', async () => {
    const api = new PlanApi(orchestrator!.url);
    const planId = uniquePrefix('traced');
    const plan = {
      plan_id: planId,
      title: 'traced',
      micro_tasks: [
        { id: 'a', description: 'first' },
        { id: 'b', description: 'second', dependencies: ['a'] },
      ],
    };
    expect((await api.submit(plan)).status).toBe(201);
    const events = await api.waitForEvent(planId, isPlanEnd);
    expect(events.at(-1)!.event).toBe('plan_completed');

    // Both tasks went through both stages in the worker, each after an enqueue in the orchestrator.
    const stageSpans = (service: string) => (spans: ReceivedSpan[]) =>
      spans.filter(ofPlan(planId)).filter((s) => s.service === service).length >= 4;
    await receiver.waitFor(
      (spans) => stageSpans('orchestrator')(spans) && stageSpans('stand-in-worker')(spans),
    );

    const spans = receiver.spans.filter(ofPlan(planId));
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const orchestratorSpanIds = new Set(
      spans.filter((s) => s.service === 'orchestrator').map((s) => s.spanId),
    );
    const workerSpans = spans.filter((s) => s.service === 'stand-in-worker');
    expect(workerSpans.map((s) => `${s.attributes.task_id} ${s.name}`).sort()).toEqual([
      'a maker.execute process',
      'a maker.generate process',
      'b maker.execute process',
      'b maker.generate process',
    ]);
    // Each worker span's parent is a span the orchestrator exported: the payload carried it.
    for (const span of workerSpans) expect(orchestratorSpanIds).toContain(span.parentSpanId);
  });
});
