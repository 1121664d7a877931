import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type K8sObject, parseObjects, validateObject } from './support/k8s-objects.js';
import { kustomize, REPO_ROOT } from './support/tools.js';

const K8S = path.join(REPO_ROOT, 'k8s');
const WORKERS = { 'script-generator': 'maker.generate', executor: 'maker.execute' } as const;
const SERVICES = ['orchestrator', 'cockpit-gateway', 'script-generator', 'executor'];

/**
 * Production without KEDA, as docs/KUBERNETES.md tells clusters without it to build: the
 * production overlay with the HPA component and the ScaledObjects deleted.
 */
function renderProductionWithHpa(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'maker-k8s-'));
  try {
    const rel = path.relative(dir, K8S);
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'namespace: maker',
        `resources: [${rel}/overlays/production]`,
        `components: [${rel}/components/hpa]`,
        'patches:',
        '  - target: {kind: ScaledObject}',
        '    patch: |-',
        '      $patch: delete',
        '      apiVersion: keda.sh/v1alpha1',
        '      kind: ScaledObject',
        '      metadata: {name: any}',
      ].join('\n'),
    );
    return kustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const VARIANTS: Array<[string, () => string]> = [
  ['development', () => kustomize(path.join(K8S, 'overlays/development'))],
  ['production', () => kustomize(path.join(K8S, 'overlays/production'))],
  ['production with the HPA instead of KEDA', renderProductionWithHpa],
];

const rendered = new Map<string, K8sObject[]>();
function objectsOf(variant: string): K8sObject[] {
  if (!rendered.has(variant)) {
    const render = VARIANTS.find(([name]) => name === variant)![1];
    rendered.set(variant, parseObjects(render()));
  }
  return rendered.get(variant)!;
}
const find = (objects: K8sObject[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const one = (objects: K8sObject[], kind: string, name: string) => {
  const found = find(objects, kind, name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
};
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(VARIANTS.map(([name]) => name))('the %s rendering of k8s/', (variant) => {
  it('renders with kubectl kustomize and every object validates against its schema', async () => {
    const objects = objectsOf(variant);
    expect(objects.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const object of objects) {
      for (const problem of await validateObject(object)) {
        problems.push(`${object.kind}/${object.metadata.name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs each service with health probes, resources, a grace period and a PodDisruptionBudget', () => {
    const objects = objectsOf(variant);
    for (const service of SERVICES) {
      const deployment = one(objects, 'Deployment', service);
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      // The service forces its exit 25 s after SIGTERM; the pod must allow that plus preStop.
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(container.ports[0].containerPort) });
      expect(container.image).toMatch(new RegExp(`maker/${service}:[\\w.-]+$`));

      const podLabels = deployment.spec.template.metadata.labels;
      const service_ = one(objects, 'Service', service);
      expect(selects(service_.spec.selector, podLabels)).toBe(true);
      expect(service_.spec.ports[0].targetPort).toBe('http');
      const pdb = one(objects, 'PodDisruptionBudget', service);
      expect(selects(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
    }
  });

  it('gives every pod its configuration from objects that exist (the production Secret is created by hand)', () => {
    const objects = objectsOf(variant);
    const names = (kind: string) => find(objects, kind).map((o) => o.metadata.name);
    for (const deployment of find(objects, 'Deployment').filter((d) => SERVICES.includes(d.metadata.name))) {
      const envFrom = deployment.spec.template.spec.containers[0].envFrom;
      const configMap = envFrom[0].configMapRef.name;
      const secret = envFrom[1].secretRef.name;
      expect(names('ConfigMap')).toContain(configMap);
      if (variant === 'development') expect(names('Secret')).toContain(secret);
      else expect(secret).toBe('maker-secrets');
      for (const volume of deployment.spec.template.spec.volumes) {
        if (volume.persistentVolumeClaim)
          expect(names('PersistentVolumeClaim')).toContain(volume.persistentVolumeClaim.claimName);
      }
    }
    const config = find(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('maker-config'))!;
    // zod rejects empty values: a variable is either set or left out.
    expect(Object.values(config.data).every((v) => v !== '')).toBe(true);
    expect(config.data.HOST).toBe('0.0.0.0');
  });

  it('shares one ReadWriteMany workspaces volume between the orchestrator, script-generator and executor', () => {
    const objects = objectsOf(variant);
    expect(one(objects, 'PersistentVolumeClaim', 'maker-workspaces').spec.accessModes).toEqual([
      'ReadWriteMany',
    ]);
    for (const service of ['orchestrator', 'script-generator', 'executor']) {
      const pod = one(objects, 'Deployment', service).spec.template.spec;
      expect(pod.volumes).toContainEqual({
        name: 'workspaces',
        persistentVolumeClaim: { claimName: 'maker-workspaces' },
      });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'workspaces', mountPath: '/workspaces' });
    }
  });
});

describe('the development overlay', () => {
  it('runs one Redis with AOF on a volume, behind the Service that REDIS_URL names', () => {
    const objects = objectsOf('development');
    const redis = one(objects, 'StatefulSet', 'redis');
    expect(redis.spec.template.spec.containers[0].args.join(' ')).toContain('--appendonly yes');
    expect(redis.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
    one(objects, 'Service', 'redis');
    const config = find(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('maker-config'))!;
    expect(config.data.REDIS_URL).toBe('redis://redis:6379');
  });
});

describe('the production overlay', () => {
  it('uses a Redis Cluster hash tag in MAKER_PREFIX and runs no Redis of its own', () => {
    const objects = objectsOf('production');
    const config = find(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('maker-config'))!;
    expect(config.data.MAKER_PREFIX).toMatch(/^\{[^}]+\}$/);
    expect(find(objects, 'StatefulSet')).toEqual([]);
  });

  it('autoscales the two workers with KEDA on the backlog of their own queue', () => {
    const objects = objectsOf('production');
    const scaled = find(objects, 'ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual(Object.keys(WORKERS).sort());
    for (const object of scaled) {
      const target = object.spec.scaleTargetRef.name as keyof typeof WORKERS;
      one(objects, 'Deployment', target);
      const { query } = object.spec.triggers[0].metadata;
      expect(query).toContain('maker_queue_depth');
      expect(query).toContain(`queue="${WORKERS[target]}"`);
      expect(query).toContain(`namespace="${object.metadata.namespace}"`);
      expect(object.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    }
    expect(find(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('ships the alert rules of deploy/prometheus/alerts.yml unchanged as its PrometheusRule', () => {
    const source = parse(readFileSync(path.join(REPO_ROOT, 'deploy/prometheus/alerts.yml'), 'utf8'));
    const rule = one(objectsOf('production'), 'PrometheusRule', 'maker');
    expect(
      rule.spec.groups,
      'k8s/components/monitoring/prometheus-rule.yaml must carry the groups of deploy/prometheus/alerts.yml',
    ).toEqual(source.groups);
  });

  it('ships deploy/grafana/dashboards/maker.json byte for byte as the dashboard ConfigMap', () => {
    const dashboard = one(objectsOf('production'), 'ConfigMap', 'maker-grafana-dashboard');
    expect(dashboard.metadata.labels?.grafana_dashboard).toBe('1');
    expect(dashboard.data['maker.json']).toBe(
      readFileSync(path.join(REPO_ROOT, 'deploy/grafana/dashboards/maker.json'), 'utf8'),
    );
  });

  it('scrapes every MAKER Service on its http port, with the service name as job', () => {
    const objects = objectsOf('production');
    const monitor = one(objects, 'ServiceMonitor', 'maker');
    expect(monitor.spec.endpoints).toContainEqual(
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    );
    const scraped = find(objects, 'Service').filter((s) =>
      selects(monitor.spec.selector.matchLabels, s.metadata.labels),
    );
    expect(scraped.map((s) => s.metadata.labels![monitor.spec.jobLabel]).sort()).toEqual(
      [...SERVICES].sort(),
    );
  });
});

describe('production with the HPA instead of KEDA', () => {
  it('scales each worker on the external maker_queue_backlog metric of its queue', () => {
    const objects = objectsOf('production with the HPA instead of KEDA');
    const hpas = find(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(Object.keys(WORKERS).sort());
    for (const hpa of hpas) {
      const [metric] = hpa.spec.metrics;
      expect(metric.external.metric).toEqual({
        name: 'maker_queue_backlog',
        selector: { matchLabels: { queue: WORKERS[hpa.spec.scaleTargetRef.name as keyof typeof WORKERS] } },
      });
    }
    expect(find(objects, 'ScaledObject')).toEqual([]);
  });
});

afterAll(() => rendered.clear());
