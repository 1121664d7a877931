import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type RunningService,
  type ServiceName,
  startService,
  uniquePrefix,
} from '../support/service-process.js';
import { declaredFamilies, isExported, metricNamesIn } from './support/promql.js';
import { PROMTOOL_HINT, REPO_ROOT, runTool } from './support/tools.js';

const SERVICES: ServiceName[] = ['orchestrator', 'cockpit-gateway', 'script-generator', 'executor'];

/**
 * prom-client's collectDefaultMetrics() exports these three as gauges whose names end in
 * `_total`, which `promtool check metrics` reports (exit 3). They are prom-client's, not ours,
 * so they are left out of the lint; every other family, default or our own, must pass it.
 */
const PROM_CLIENT_TOTAL_GAUGES = [
  'maker_nodejs_active_handles_total',
  'maker_nodejs_active_requests_total',
  'maker_nodejs_active_resources_total',
];

/** Series Prometheus itself adds to every scrape, not exported by the services. */
const SCRAPE_SERIES = new Set(['up']);

function withoutFamilies(exposition: string, families: string[]): string {
  return exposition
    .split('\n')
    .filter((line) => {
      const name = /^(?:# (?:HELP|TYPE) )?([A-Za-z_:][A-Za-z0-9_:]*)/.exec(line)?.[1];
      return !families.includes(name ?? '');
    })
    .join('\n');
}

function dashboardQueries(): Array<{ where: string; expr: string }> {
  const dashboard = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'deploy/grafana/dashboards/maker.json'), 'utf8'),
  );
  return dashboard.panels.flatMap((panel: any) =>
    (panel.targets ?? []).map((t: any) => ({ where: `dashboard panel "${panel.title}"`, expr: t.expr })),
  );
}

function alertQueries(): Array<{ where: string; expr: string }> {
  const rules = parse(readFileSync(path.join(REPO_ROOT, 'deploy/prometheus/alerts.yml'), 'utf8'));
  return rules.groups.flatMap((g: any) =>
    g.rules.map((r: any) => ({ where: `alert ${r.alert}`, expr: r.expr })),
  );
}

describe('the metrics the four services really export', () => {
  const expositions = new Map<ServiceName, string>();
  const running: RunningService[] = [];

  beforeAll(async () => {
    const prefix = uniquePrefix('metrics');
    const started = await Promise.allSettled(
      SERVICES.map((name) => startService(name, { MAKER_PREFIX: prefix, MAKER_LLM_PROVIDER: 'simulated' })),
    );
    for (const result of started) if (result.status === 'fulfilled') running.push(result.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    for (const service of running) {
      expositions.set(service.name, await (await fetch(`${service.url}/metrics`)).text());
    }
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGTERM')));
  });

  it.each(SERVICES)('%s passes promtool check metrics (prom-client’s three _total gauges aside)', (name) => {
    const exposition = expositions.get(name)!;
    expect(exposition).toContain(`service="${name}"`);
    const result = runTool(
      'promtool',
      ['check', 'metrics'],
      PROMTOOL_HINT,
      withoutFamilies(exposition, PROM_CLIENT_TOTAL_GAUGES),
    );
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('reads in the dashboard and the alert rules only metrics some service exports', () => {
    const families = new Map<string, string>();
    for (const exposition of expositions.values()) {
      for (const [name, type] of declaredFamilies(exposition)) families.set(name, type);
    }
    const queries = [...dashboardQueries(), ...alertQueries()];
    expect(queries.length).toBeGreaterThan(30);
    const missing = new Map<string, string[]>();
    for (const { where, expr } of queries) {
      for (const name of metricNamesIn(expr)) {
        if (SCRAPE_SERIES.has(name) || isExported(name, families)) continue;
        missing.set(name, [...(missing.get(name) ?? []), where]);
      }
    }
    expect(Object.fromEntries(missing), 'metric names no service exports, with where they are used').toEqual(
      {},
    );
  });
});
