import { describe, expect, it } from 'vitest';
import { declaredFamilies, isExported, metricNamesIn } from './support/promql.js';

describe('metric names in PromQL', () => {
  it.each([
    ['up{job=~"orchestrator|executor"} == 0', ['up']],
    [
      'sum by (queue) (max by (queue, state) (maker_queue_depth{state=~"waiting"})) > 1e3',
      ['maker_queue_depth'],
    ],
    [
      'histogram_quantile(0.95, sum by (le, model) (rate(maker_llm_request_duration_seconds_bucket[$__rate_interval])))',
      ['maker_llm_request_duration_seconds_bucket'],
    ],
    [
      'sum(rate(a_total{x="y"}[5m])) / sum(rate(b_total[5m] offset 1h)) unless on (q) c',
      ['a_total', 'b_total', 'c'],
    ],
    ['absent(up{job="orchestrator"} == 1)', ['up']],
  ])('reads the metrics of %s', (expr, names) => {
    expect(metricNamesIn(expr).sort()).toEqual([...names].sort());
  });

  it('counts a histogram’s bucket, sum and count series as exported, and nothing else', () => {
    const families = declaredFamilies('# TYPE h histogram\n# TYPE c counter\n# TYPE s summary\n');
    expect(['h_bucket', 'h_sum', 'h_count', 'c', 's_sum'].every((n) => isExported(n, families))).toBe(true);
    expect(['c_bucket', 's_bucket', 'h_total', 'missing'].some((n) => isExported(n, families))).toBe(false);
  });
});
