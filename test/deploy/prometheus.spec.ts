import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMTOOL_HINT, REPO_ROOT, runTool } from './support/tools.js';

const SERVICES = { orchestrator: 8080, 'cockpit-gateway': 8081, 'script-generator': 8082, executor: 8083 };

describe('the Prometheus files', () => {
  it('passes promtool check rules on the alert rules', () => {
    const result = runTool('promtool', ['check', 'rules', 'deploy/prometheus/alerts.yml'], PROMTOOL_HINT);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('passes promtool check config on the docker-compose Prometheus configuration, rule file included', () => {
    const result = runTool(
      'promtool',
      ['check', 'config', 'deploy/prometheus/prometheus.yml'],
      PROMTOOL_HINT,
    );
    expect(result.stdout).toContain('SUCCESS: 1 rule files found');
    expect(result.status).toBe(0);
  });

  it('scrapes every service, every replica found by DNS, under a job named after the service', () => {
    const config = parse(readFileSync(path.join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'));
    for (const [name, port] of Object.entries(SERVICES)) {
      const job = config.scrape_configs.find((c: any) => c.job_name === name);
      expect(job?.dns_sd_configs, name).toEqual([{ names: [name], type: 'A', port }]);
    }
  });

  it('covers escalations, backlogs, task failures, red flags, LLM errors and services down', () => {
    const rules = parse(
      readFileSync(path.join(REPO_ROOT, 'deploy/prometheus/alerts.yml'), 'utf8'),
    ).groups.flatMap((g: any) => g.rules);
    const exprOf = (alert: string) => rules.find((r: any) => r.alert === alert)?.expr as string;
    expect(exprOf('MakerEscalationWaitingTooLong')).toContain('maker_tasks{state="escalated"}');
    expect(exprOf('MakerQueueBacklogGrowing')).toContain('maker_queue_depth');
    expect(exprOf('MakerTaskFailureRateHigh')).toContain('maker_results_handled_total');
    expect(exprOf('MakerRedFlagRateHigh')).toContain('outcome="red_flagged"');
    expect(exprOf('MakerLlmErrorRateHigh')).toContain('maker_llm_errors_total');
    expect(exprOf('MakerServiceDown')).toMatch(/^up\{/);
    for (const rule of rules) {
      expect(rule.labels.severity, rule.alert).toMatch(/^(critical|warning|info)$/);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
    }
  });
});
