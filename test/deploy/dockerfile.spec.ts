import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/tools.js';

/** Docker is not available here: the image recipe is checked for the properties it promises. */
describe('the Dockerfile', () => {
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trimStart().startsWith('#'));
  const stages = instructions.filter((line) => /^FROM /.test(line));
  const runtime = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));

  it('builds in stages and takes the service to package as a build argument', () => {
    expect(stages.map((line) => line.split(' AS ')[1])).toEqual(['build', 'prod-deps', 'runtime']);
    expect(instructions).toContain('ARG SERVICE');
    expect(dockerfile).toContain('npm ci --omit=dev');
  });

  it('runs the service as a non-root user with a readiness HEALTHCHECK and node as the started program', () => {
    expect(runtime.find((line) => line.startsWith('USER '))).toBe('USER node:node');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK '))).toContain('/health/ready');
    expect(runtime.find((line) => line.startsWith('CMD '))).toMatch(
      /node apps\/\$\{SERVICE\}\/dist\/main\.js/,
    );
    expect(runtime.join('\n')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('keeps local installs, builds and git history out of the build context', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
