import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { CliError } from './cli-output.js';

/** True when a Redis server answers PING at `url`. */
export async function redisAnswersAt(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * Makes sure Redis answers at `url`; when it does not and it is a loopback URL, starts a local
 * `redis-server` (AOF on, in a temporary directory) as a child that stops with us.
 */
export async function ensureLocalRedis(
  url: string,
  log: (line: string) => void,
): Promise<ChildProcess | undefined> {
  if (await redisAnswersAt(url)) return undefined;
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostname))
    throw new CliError(`Redis does not answer at ${url}`);
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new CliError(
      `Redis does not answer at ${url} and redis-server is not installed (apt-get install redis-server)`,
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maker-redis-'));
  const args = [
    '--port',
    port || '6379',
    '--bind',
    '127.0.0.1',
    '--appendonly',
    'yes',
    '--save',
    '',
    '--dir',
    dir,
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswersAt(url)) {
      log(`started redis-server on port ${port || 6379} (data in ${dir})`);
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new CliError(`started redis-server but it does not answer at ${url}`);
}
