import { fileURLToPath } from 'node:url';

/** The repository root, found from this compiled file (apps/cli/dist/support). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const SERVICE_NAMES = ['orchestrator', 'script-generator', 'executor', 'cockpit-gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function serviceEntry(name: ServiceName): string {
  return fileURLToPath(new URL(`../../../${name}/dist/main.js`, import.meta.url));
}
