import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Where the build puts the bundled Cockpit page (`vite build` → `dist/public`). */
export const COCKPIT_PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/**
 * Serves the Cockpit page at `/` from the bundle made at build time. Hashed assets are cached for
 * good; `index.html` is revalidated so a new build is picked up at once.
 */
export function serveCockpitPage(app: NestExpressApplication, dir = COCKPIT_PUBLIC_DIR): boolean {
  if (!existsSync(path.join(dir, 'index.html'))) return false;
  app.useStaticAssets(dir, {
    index: 'index.html',
    setHeaders: (response, file) => {
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
