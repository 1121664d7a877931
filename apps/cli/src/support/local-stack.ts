import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ensureLocalRedis } from './local-redis.js';
import { SERVICE_NAMES, type ServiceName, serviceEntry } from './repo-paths.js';

const DEFAULT_PORTS: Record<ServiceName, number> = {
  orchestrator: 8080,
  'cockpit-gateway': 8081,
  'script-generator': 8082,
  executor: 8083,
};

export interface LocalStackOptions {
  redisUrl: string;
  env?: Record<string, string>;
  /** Port per service; 0 picks a free one. @defaultValue the DESIGN §12 defaults */
  ports?: Partial<Record<ServiceName, number>>;
  log: (service: string, line: string) => void;
}

/** The four services as separate processes (and a local Redis when none answers). */
export class LocalStack {
  private readonly children = new Map<ServiceName, ChildProcess>();
  private redis?: ChildProcess;
  readonly urls = new Map<ServiceName, string>();

  constructor(private readonly options: LocalStackOptions) {}

  async start(): Promise<void> {
    this.redis = await ensureLocalRedis(this.options.redisUrl, (line) => this.options.log('redis', line));
    // The gateway forwards person actions to the orchestrator, so it learns the orchestrator's URL.
    await this.startService('orchestrator');
    const orchestrator = { MAKER_ORCHESTRATOR_URL: this.urls.get('orchestrator')! };
    await Promise.all(
      SERVICE_NAMES.filter((n) => n !== 'orchestrator').map((name) => this.startService(name, orchestrator)),
    );
  }

  private startService(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<void> {
    const port = this.options.ports?.[name] ?? DEFAULT_PORTS[name];
    const child = spawn(process.execPath, [serviceEntry(name)], {
      env: {
        ...process.env,
        REDIS_URL: this.options.redisUrl,
        PORT: String(port),
        ...this.options.env,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(name, child);
    createInterface({ input: child.stderr! }).on('line', (line) => this.options.log(name, line));
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} while starting`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.options.log(name, line);
        const listening = parseListening(line);
        if (listening !== undefined) {
          this.urls.set(name, `http://127.0.0.1:${listening}`);
          child.removeAllListeners('exit');
          resolve();
        }
      });
    });
  }

  /** Stops every service with SIGTERM (SIGKILL after a grace period), then the local Redis. */
  async stop(graceMs = 10_000): Promise<void> {
    await Promise.all([...this.children.values()].map((child) => terminate(child, graceMs)));
    if (this.redis) await terminate(this.redis, graceMs);
  }
}

function parseListening(line: string): number | undefined {
  try {
    const parsed = JSON.parse(line) as { msg?: string; port?: number };
    return parsed.msg?.endsWith('listening') && typeof parsed.port === 'number' ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
