import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The published cases beside the repository (`../shared`), when the checkout has them. */
export const UPSTREAM_CONFORMANCE = path.resolve(here, '../../../../shared/conformance/rhai-public.json');
/** The copy kept in this repository, so a checkout anywhere runs the cases. */
export const VENDORED_CONFORMANCE = path.resolve(here, '../conformance/rhai-public.json');

/** The file the specs run: upstream when present, else the vendored copy. */
export function conformanceFile(): string {
  return existsSync(UPSTREAM_CONFORMANCE) ? UPSTREAM_CONFORMANCE : VENDORED_CONFORMANCE;
}
