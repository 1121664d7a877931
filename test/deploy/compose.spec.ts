import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_HINT, runTool } from './support/tools.js';

const SERVICES = { orchestrator: 8080, 'cockpit-gateway': 8081, 'script-generator': 8082, executor: 8083 };

/** docker-compose's own validation, offline, then its resolved form (anchors and variables applied). */
function resolvedCompose(): Record<string, any> {
  const env = ['-f', 'docker-compose.yml'];
  const check = runTool('docker-compose', [...env, 'config', '-q'], COMPOSE_HINT);
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  return parse(runTool('docker-compose', [...env, 'config'], COMPOSE_HINT).stdout);
}

describe('docker-compose.yml', () => {
  const compose = resolvedCompose();
  const services = compose.services as Record<string, any>;

  it('validates against the compose schema and runs Redis, the four services, Prometheus and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['redis', ...Object.keys(SERVICES), 'prometheus', 'grafana'].sort(),
    );
  });

  it('keeps Redis with AOF on a named volume', () => {
    expect(services.redis.command.join(' ')).toContain('--appendonly yes');
    expect(services.redis.volumes).toEqual(['redis-data:/data:rw']);
    expect(Object.keys(compose.volumes)).toContain('redis-data');
  });

  it('gives every container a healthcheck and starts each only after its dependencies are healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      for (const [dependency, condition] of Object.entries<any>(service.depends_on ?? {})) {
        expect(condition, `${name} → ${dependency}`).toEqual({ condition: 'service_healthy' });
      }
    }
    for (const name of Object.keys(SERVICES))
      expect(Object.keys(services[name].depends_on)).toContain('redis');
    expect(Object.keys(services.prometheus.depends_on).sort()).toEqual(Object.keys(SERVICES).sort());
    expect(Object.keys(services.grafana.depends_on)).toEqual(['prometheus']);
  });

  it('builds each service from the one Dockerfile, listening on 0.0.0.0 at its port, with Redis in the network', () => {
    for (const [name, port] of Object.entries(SERVICES)) {
      const service = services[name];
      expect(service.build.args).toEqual({ SERVICE: name });
      expect(service.environment).toMatchObject({
        HOST: '0.0.0.0',
        PORT: String(port),
        REDIS_URL: 'redis://redis:6379',
      });
    }
  });

  it('runs several replicas of script-generator and executor', () => {
    expect(services['script-generator'].deploy.replicas).toBeGreaterThan(1);
    expect(services.executor.deploy.replicas).toBeGreaterThan(1);
  });

  it('provisions Grafana with the Prometheus data source and the dashboard folder', () => {
    // docker-compose 1.29 resolves volumes to "absolute-source:target:mode".
    const mounts = services.grafana.volumes.map((v: string) => v.replace(/^.*\/deploy\//, 'deploy/'));
    expect(mounts).toContain('deploy/grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(mounts).toContain('deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });
});
