import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../support/service-process.js';

export { REPO_ROOT };

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command-line tool the deployment checks depend on. A missing tool fails the test with
 * the install hint instead of skipping it: CI must never pass without the check having run.
 */
export function runTool(command: string, args: string[], installHint: string, input?: string): ToolResult {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${command} is not installed: ${installHint}`);
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const KUBECTL_HINT =
  'the checks render k8s/ with `kubectl kustomize` (kubectl ≥ 1.27, kustomize v5); this machine kind ships ' +
  'it in its image (/usr/bin/kubectl). Debian’s kubernetes-client is kubectl 1.20 and too old.';

/** Renders a kustomization directory with `kubectl kustomize` and returns the YAML stream. */
export function kustomize(dir: string): string {
  const version = runTool('kubectl', ['version', '--client'], KUBECTL_HINT);
  const kustomizeVersion = /Kustomize Version: v(\d+)/.exec(version.stdout)?.[1];
  if (!kustomizeVersion || Number(kustomizeVersion) < 5) {
    throw new Error(`kubectl's kustomize is not v5 or newer (${version.stdout.trim()}): ${KUBECTL_HINT}`);
  }
  const result = runTool('kubectl', ['kustomize', dir], KUBECTL_HINT);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return result.stdout;
}

export const PROMTOOL_HINT =
  'install Debian’s prometheus package (apt-get install prometheus), as .ci/run does';
export const COMPOSE_HINT =
  'install Debian’s docker-compose package (apt-get install docker-compose), as .ci/run does';
