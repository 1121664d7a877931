import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChatBody,
  completionBody,
  delay,
  lastUserMessage,
  parseJson,
  promptOf,
  readBody,
  sendError,
  sendJson,
} from './fake-llm-http.js';
import {
  decide,
  estimateTokens,
  type FakeLlmDecision,
  type FakeLlmFailure,
  type FakeLlmRule,
  ruleMatches,
} from './fake-llm-rules.js';

/** Options of {@link FakeLlmServer}. */
export interface FakeLlmServerOptions {
  /** Seed of every random draw. @defaultValue 1 */
  seed?: number;
  /** Programmable rules, first match wins. @defaultValue [] */
  rules?: FakeLlmRule[];
  /** Recorded answers keyed by the exact last user message, consulted before the rules. @defaultValue {} */
  answers?: Record<string, string>;
  /** Answer when nothing matches. @defaultValue 'OK' */
  defaultAnswer?: string;
  /** Model ids listed by `GET /v1/models`. @defaultValue ['fake-model'] */
  models?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue 0 (an ephemeral port) */
  port?: number;
}

/** One logged request. */
export interface FakeLlmRequest {
  method: string;
  path: string;
  /** Parsed JSON body (undefined when absent or invalid). */
  body: any;
  /** All message contents joined by newlines. */
  prompt: string;
  /** Milliseconds since the epoch when the request arrived. */
  time: number;
  /** HTTP status sent. */
  status?: number;
}

/**
 * A deterministic OpenAI-compatible chat-completions server for tests and offline demos
 * (`POST /v1/chat/completions`, `GET /v1/models`), listening on loopback.
 */
export class FakeLlmServer {
  readonly requests: FakeLlmRequest[] = [];
  private server?: Server;
  private rules: FakeLlmRule[];
  private readonly forced: FakeLlmFailure[] = [];
  private readonly occurrences = new Map<string, number>();

  constructor(private readonly options: FakeLlmServerOptions = {}) {
    this.rules = [...(options.rules ?? [])];
  }

  /** Starts listening; resolves with the base URL to give an OpenAI client (ends in `/v1`). */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.baseUrl;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get baseUrl(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}/v1`;
  }

  /** Adds a rule in front of the existing ones. */
  addRule(rule: FakeLlmRule): void {
    this.rules.unshift(rule);
  }

  setRules(rules: FakeLlmRule[]): void {
    this.rules = [...rules];
  }

  /** The next `count` chat requests fail with `failure`, whatever they ask. */
  failNext(failure: FakeLlmFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.forced.push(failure);
  }

  /** Chat-completion requests whose prompt matches. */
  requestsMatching(pattern: RegExp | string): FakeLlmRequest[] {
    return this.chatRequests().filter((r) =>
      typeof pattern === 'string' ? r.prompt.includes(pattern) : pattern.test(r.prompt),
    );
  }

  chatRequests(): FakeLlmRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  /** Clears the request log, pending forced failures and per-prompt counters (rules stay). */
  reset(): void {
    this.clearLog();
    this.forced.length = 0;
    this.occurrences.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseJson(raw);
    const path = (req.url ?? '/').split('?')[0]!;
    const entry: FakeLlmRequest = {
      method: req.method ?? 'GET',
      path,
      body,
      prompt: promptOf(body),
      time: Date.now(),
    };
    this.requests.push(entry);
    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      return sendError(res, entry, { status: 401, message: 'invalid api key' });
    }
    if (req.method === 'GET' && path.endsWith('/models')) return this.sendModels(res, entry);
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return sendError(res, entry, { status: 404, message: `no route ${req.method} ${path}` });
    }
    if (!body || !Array.isArray((body as ChatBody).messages)) {
      return sendError(res, entry, { status: 400, message: 'body must be JSON with a messages array' });
    }
    await this.answerChat(res, entry, body as ChatBody);
  }

  private sendModels(res: ServerResponse, entry: FakeLlmRequest): void {
    const data = (this.options.models ?? ['fake-model']).map((id) => ({
      id,
      object: 'model',
      owned_by: 'fake',
    }));
    sendJson(res, entry, 200, { object: 'list', data });
  }

  private async answerChat(res: ServerResponse, entry: FakeLlmRequest, body: ChatBody): Promise<void> {
    const forced = this.forced.shift();
    if (forced) return sendError(res, entry, forced);
    const decision = this.decideFor(entry.prompt, lastUserMessage(body));
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    if (res.destroyed) return;
    if (decision.kind === 'failure') return sendError(res, entry, decision.failure);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    let { text, finishReason } = decision;
    if (maxTokens !== undefined && estimateTokens(text) > maxTokens) {
      text = text.slice(0, maxTokens * 4);
      finishReason = 'length';
    }
    sendJson(res, entry, 200, completionBody(body.model ?? 'fake-model', entry.prompt, text, finishReason));
  }

  private decideFor(prompt: string, lastUser: string): FakeLlmDecision {
    const recorded = this.options.answers?.[lastUser];
    if (recorded !== undefined) {
      return { kind: 'answer', text: recorded, finishReason: 'stop', latencyMs: 0, outcome: 'right' };
    }
    const occurrence = this.occurrences.get(prompt) ?? 0;
    this.occurrences.set(prompt, occurrence + 1);
    const rule = this.rules.find((r) => ruleMatches(r, prompt));
    if (!rule) {
      const text = this.options.defaultAnswer ?? 'OK';
      return { kind: 'answer', text, finishReason: 'stop', latencyMs: 0, outcome: 'default' };
    }
    return decide(rule, prompt, occurrence, this.options.seed ?? 1);
  }
}
