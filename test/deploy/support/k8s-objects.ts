import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: any;
}

/** Parses a rendered YAML stream, failing on any YAML error. */
export function parseObjects(stream: string): K8sObject[] {
  return parseAllDocuments(stream).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
    return doc.toJS() as K8sObject;
  });
}

/** The built-in kinds k8s/ uses, with their kubernetes-models classes (Kubernetes' own schemas). */
const BUILT_IN_MODELS: Record<string, () => Promise<Record<string, any>>> = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Secret': () => import('kubernetes-models/v1/Secret'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'v1/PersistentVolumeClaim': () => import('kubernetes-models/v1/PersistentVolumeClaim'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'apps/v1/StatefulSet': () => import('kubernetes-models/apps/v1/StatefulSet'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'autoscaling/v2/HorizontalPodAutoscaler': () =>
    import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
};

const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 };
const metadata = {
  type: 'object',
  required: ['name'],
  properties: { name, namespace: name, labels: { type: 'object', additionalProperties: { type: 'string' } } },
};
const crd = (apiVersion: string, kind: string, spec: object) => ({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec },
});

/**
 * Schemas of the custom resources, limited to the fields MAKER relies on (their CRDs are not
 * in kubernetes-models): KEDA's ScaledObject and the Prometheus Operator's ServiceMonitor and
 * PrometheusRule.
 */
const CRD_SCHEMAS: Record<string, object> = {
  'keda.sh/v1alpha1/ScaledObject': crd('keda.sh/v1alpha1', 'ScaledObject', {
    type: 'object',
    required: ['scaleTargetRef', 'triggers'],
    additionalProperties: false,
    properties: {
      scaleTargetRef: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name },
      },
      minReplicaCount: { type: 'integer', minimum: 0 },
      maxReplicaCount: { type: 'integer', minimum: 1 },
      pollingInterval: { type: 'integer', minimum: 1 },
      cooldownPeriod: { type: 'integer', minimum: 0 },
      fallback: {
        type: 'object',
        required: ['failureThreshold', 'replicas'],
        properties: { failureThreshold: { type: 'integer' }, replicas: { type: 'integer' } },
      },
      advanced: { type: 'object' },
      triggers: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['type', 'metadata'],
          properties: {
            type: { const: 'prometheus' },
            // KEDA trigger metadata values are strings.
            metadata: {
              type: 'object',
              required: ['serverAddress', 'query', 'threshold'],
              properties: {
                serverAddress: { type: 'string', pattern: '^https?://' },
                query: { type: 'string' },
                threshold: { type: 'string', pattern: '^[0-9.]+$' },
              },
              additionalProperties: { type: 'string' },
            },
          },
        },
      },
    },
  }),
  'monitoring.coreos.com/v1/ServiceMonitor': crd('monitoring.coreos.com/v1', 'ServiceMonitor', {
    type: 'object',
    required: ['selector', 'endpoints'],
    properties: {
      jobLabel: { type: 'string' },
      selector: {
        type: 'object',
        required: ['matchLabels'],
        properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['port', 'path'],
          additionalProperties: false,
          properties: {
            port: { type: 'string' },
            path: { type: 'string' },
            interval: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' },
            scrapeTimeout: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' },
          },
        },
      },
    },
  }),
  'monitoring.coreos.com/v1/PrometheusRule': crd('monitoring.coreos.com/v1', 'PrometheusRule', {
    type: 'object',
    required: ['groups'],
    additionalProperties: false,
    properties: {
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'rules'],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            rules: {
              type: 'array',
              items: {
                type: 'object',
                required: ['alert', 'expr'],
                additionalProperties: false,
                properties: {
                  alert: { type: 'string' },
                  expr: { type: 'string' },
                  for: { type: 'string' },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  annotations: { type: 'object', additionalProperties: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  }),
};

const ajv = new Ajv({ allErrors: true, strict: true });
const crdValidators = Object.fromEntries(
  Object.entries(CRD_SCHEMAS).map(([key, schema]) => [key, ajv.compile(schema)]),
);

/**
 * Validates an object: built-in kinds against kubernetes-models' Kubernetes schemas, the custom
 * resources against CRD_SCHEMAS. Returns the problems, empty when valid; an unknown kind is one.
 */
export async function validateObject(object: K8sObject): Promise<string[]> {
  const id = `${object.apiVersion}/${object.kind}`;
  const crdValidator = crdValidators[id];
  if (crdValidator) {
    return crdValidator(object)
      ? []
      : (crdValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  const load = BUILT_IN_MODELS[id];
  if (!load) return [`no schema for ${id}: add its kubernetes-models class to BUILT_IN_MODELS`];
  const Model = (await load())[object.kind];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
