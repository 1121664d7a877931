import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/tools.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('the Grafana dashboard and its provisioning', () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/maker.json'));
  const panels: any[] = dashboard.panels;

  it('queries Prometheus through the datasource variable in every panel', () => {
    expect(dashboard.uid).toBe('maker-orchestrator');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template
        expect(target.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(target.expr, panel.title).toMatch(/\S/);
      }
    }
  });

  it('lays out panels with unique ids on the 24-column grid without overlaps', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const taken = new Map<string, string>();
    for (const { gridPos: g, title } of panels) {
      expect(g.x + g.w, title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(taken.get(`${x},${y}`), `${title} overlaps`).toBeUndefined();
          taken.set(`${x},${y}`, title);
        }
      }
    }
  });

  it('provisions the Prometheus data source and loads dashboards from where Compose mounts them', () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')).datasources;
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
    ]);
    const [provider] = parse(read('deploy/grafana/provisioning/dashboards/maker.yml')).providers;
    expect(provider.options.path).toBe('/var/lib/grafana/dashboards');
  });
});
