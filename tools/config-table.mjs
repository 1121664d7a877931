#!/usr/bin/env node
// Prints the README's configuration table from the services' own zod schemas (after the build), so
// the documented variables, defaults and descriptions are the ones the code reads.
import { orchestratorEnvSchema } from '../apps/orchestrator/dist/config/orchestrator.config.js';
import { executorEnvSchema } from '../apps/executor/dist/config/executor.config.js';
import { scriptGeneratorEnvSchema } from '../apps/script-generator/dist/config/script-generator.config.js';
import { cockpitGatewayEnvSchema } from '../apps/cockpit-gateway/dist/config/cockpit-gateway.config.js';

const services = {
  orchestrator: orchestratorEnvSchema,
  'script-generator': scriptGeneratorEnvSchema,
  executor: executorEnvSchema,
  'cockpit-gateway': cockpitGatewayEnvSchema,
};
const rows = new Map();
for (const [service, schema] of Object.entries(services)) {
  const shape =
    schema.shape ?? schema._zod?.def?.in?.shape ?? schema._def?.schema?.shape ?? schema.def?.in?.shape;
  for (const [name, field] of Object.entries(shape)) {
    const parsed = field.safeParse(undefined);
    const fallback =
      parsed.success && parsed.data !== undefined
        ? Array.isArray(parsed.data)
          ? '(none)'
          : String(parsed.data)
        : '(none)';
    const row = rows.get(name) ?? { services: [], defaults: new Map(), description: field.description ?? '' };
    row.services.push(service);
    row.defaults.set(service, fallback);
    rows.set(name, row);
  }
}
console.log('| variable | services | default | meaning |');
console.log('|---|---|---|---|');
for (const [name, row] of rows) {
  const defaults = [...new Set(row.defaults.values())];
  const fallback =
    defaults.length === 1 ? defaults[0] : [...row.defaults].map(([s, d]) => `${s} ${d}`).join(', ');
  const where = row.services.length === 4 ? 'all' : row.services.join(', ');
  console.log(`| \`${name}\` | ${where} | \`${fallback}\` | ${row.description.replaceAll('|', '\\|')} |`);
}
