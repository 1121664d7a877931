import type { MakerEvent, PlanOptionsInput } from '@maker/contracts';
import type {
  ControlResult,
  EventPage,
  PlanDetail,
  PlanSummary,
  Snapshot,
  SubmitPlanResult,
} from './api-types.js';
import { type ApiErrorBody, MakerApiError, MakerConnectionError, MakerTimeoutError } from './errors.js';
import { normalizePlanInput, type PlanInput } from './plan-input.js';
import { type EventSource, PlanEventStream, type SubscribeOptions } from './plan-event-stream.js';
import { gatewayEvents } from './sse-events.js';

/** Options of {@link MakerHttpClient}. */
export interface MakerHttpClientOptions {
  /** The orchestrator's base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Bearer token, needed when the orchestrator has `MAKER_API_TOKENS` set. */
  token?: string;
  /** The fetch implementation. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The cockpit gateway's base URL. When set, `subscribe` and `waitForCompletion` take events
   * pushed over its SSE stream (DESIGN §11), falling back to polling the orchestrator when the
   * gateway cannot be used. @defaultValue unset: poll the orchestrator
   */
  gatewayUrl?: string;
  /** Time allowed for one request, answer included; then it fails as unreachable. @defaultValue 30000 */
  requestTimeoutMs?: number;
}

/** Options of {@link MakerHttpClient.waitForCompletion}. */
export interface WaitOptions {
  /** Give up with {@link MakerTimeoutError} after this long. @defaultValue no limit */
  timeoutMs?: number;
  /** Give up (rejecting with the signal's reason) when aborted. */
  signal?: AbortSignal;
  /** Called for every event in seq order while waiting. */
  onEvent?: (event: MakerEvent) => void | Promise<void>;
  /** Events after this seq are passed to `onEvent`. @defaultValue 0 */
  after?: number;
  /** See {@link SubscribeOptions.pollIntervalMs}. */
  pollIntervalMs?: number;
  /** See {@link SubscribeOptions.maxPollIntervalMs}. */
  maxPollIntervalMs?: number;
}

interface RequestInit {
  body?: unknown;
  text?: string;
  contentType?: string;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

/** Typed client of the orchestrator's plan API (DESIGN §12). Every failure is a {@link MakerClientError}. */
export class MakerHttpClient {
  readonly baseUrl: string;
  private readonly token?: string;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly gatewayUrl?: string;

  constructor(options: MakerHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.gatewayUrl = options.gatewayUrl?.replace(/\/+$/, '') || undefined;
  }

  /**
   * Submits a plan with its options. Markdown is sent as `text/markdown` with the options as query
   * parameters; JSON travels with a top-level `options` object. Throws {@link MakerApiError} with
   * `issues` (400), `cycle` (422), `too_large` (413) or `plan_id_conflict` (409).
   */
  async submitPlan(plan: PlanInput, options: PlanOptionsInput = {}): Promise<SubmitPlanResult> {
    const input = normalizePlanInput(plan, options);
    const { status, body } =
      typeof input.plan === 'string'
        ? await this.send<SubmitPlanResult>('POST', '/v1/plans', {
            text: input.plan,
            contentType: 'text/markdown',
            query: optionsToQuery(input.options),
          })
        : await this.send<SubmitPlanResult>('POST', '/v1/plans', {
            body: { ...input.plan, options: input.options },
          });
    return { plan_id: body.plan_id, status: body.status, created: status === 201 };
  }

  /** Every plan, newest first. */
  async listPlans(limit?: number): Promise<PlanSummary[]> {
    const query = limit ? { limit: String(limit) } : undefined;
    return (await this.request<{ plans: PlanSummary[] }>('GET', '/v1/plans', { query })).plans;
  }

  /** One plan with its counts and tasks. Throws {@link MakerApiError} `not_found` (404). */
  getPlan(planId: string, signal?: AbortSignal): Promise<PlanDetail> {
    return this.request<PlanDetail>('GET', `/v1/plans/${enc(planId)}`, { signal });
  }

  /** One page of a plan's events with a seq greater than `after`, oldest first. */
  events(
    planId: string,
    after = 0,
    options: { limit?: number; signal?: AbortSignal } = {},
  ): Promise<EventPage> {
    const query: Record<string, string> = { after: String(after) };
    if (options.limit) query.limit = String(options.limit);
    return this.request<EventPage>('GET', `/v1/plans/${enc(planId)}/events`, {
      query,
      signal: options.signal,
    });
  }

  /** running → paused. 409 (`conflict`, `currentStatus`) in any other status. */
  pause(planId: string): Promise<ControlResult> {
    return this.request('POST', `/v1/plans/${enc(planId)}/pause`, { body: {} });
  }

  /** paused → running. */
  resume(planId: string): Promise<ControlResult> {
    return this.request('POST', `/v1/plans/${enc(planId)}/resume`, { body: {} });
  }

  /** accepted | running | paused → cancelled. */
  cancel(planId: string): Promise<ControlResult> {
    return this.request('POST', `/v1/plans/${enc(planId)}/cancel`, { body: {} });
  }

  /** Retries an escalated, failed or skipped task, optionally with a new k or description. */
  retryTask(planId: string, taskId: string, patch: { k?: number; description?: string } = {}) {
    return this.request<ControlResult>('POST', `/v1/plans/${enc(planId)}/tasks/${enc(taskId)}/retry`, {
      body: patch,
    });
  }

  /** Skips a task (and, through the scheduler, its dependents). */
  skipTask(planId: string, taskId: string): Promise<ControlResult> {
    return this.request('POST', `/v1/plans/${enc(planId)}/tasks/${enc(taskId)}/skip`, { body: {} });
  }

  /** The plan's snapshots (`base`, then one per task group); empty for a plan without a workspace. */
  async snapshots(planId: string): Promise<Snapshot[]> {
    return (await this.request<{ snapshots: Snapshot[] }>('GET', `/v1/plans/${enc(planId)}/snapshots`))
      .snapshots;
  }

  /** Restores a snapshot's tree as a new commit of the plan's integration state. */
  rollback(planId: string, snapshot: string): Promise<{ plan_id: string; commit: string }> {
    return this.request('POST', `/v1/plans/${enc(planId)}/rollback`, { body: { snapshot } });
  }

  /**
   * Follows a plan's events from `after`, resuming with no gap and no duplicate. Iterate it
   * (`for await`) or pass `onEvent`; `lastSeq` is where to resume a later subscription.
   */
  subscribe(planId: string, options: SubscribeOptions = {}): PlanEventStream {
    const gateway = options.transport === 'poll' ? undefined : this.gatewayUrl;
    const source: EventSource = {
      page: (after, limit, signal) => this.events(planId, after, { limit, signal }),
      status: async (signal) => {
        const plan = await this.getPlan(planId, signal);
        return { status: plan.status, seq: plan.seq };
      },
    };
    if (gateway) {
      source.live = (after, signal) =>
        gatewayEvents(this.fetchImpl, gateway, planId, after, this.authHeaders(), signal);
    }
    return new PlanEventStream(planId, source, options);
  }

  /**
   * Resolves with the plan once it is completed, failed, cancelled, halted or emergency-stopped
   * (an escalated task keeps a plan running: this waits for a person). Rejects with
   * {@link MakerTimeoutError} after `timeoutMs`, or with the signal's reason when aborted.
   */
  async waitForCompletion(planId: string, options: WaitOptions = {}): Promise<PlanDetail> {
    const { timeoutMs, signal } = options;
    signal?.throwIfAborted();
    const stop = new AbortController();
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop.abort('timeout'), timeoutMs);
    const onAbort = () => stop.abort('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const stream = this.subscribe(planId, {
      after: options.after ?? 0,
      signal: stop.signal,
      pollIntervalMs: options.pollIntervalMs,
      maxPollIntervalMs: options.maxPollIntervalMs,
    });
    try {
      for await (const event of stream) await options.onEvent?.(event);
      if (signal?.aborted) throw signal.reason;
      if (stop.signal.aborted)
        throw new MakerTimeoutError(
          `plan ${planId} did not finish within ${timeoutMs} ms (last event seq ${stream.lastSeq})`,
          timeoutMs!,
          stream.lastSeq,
        );
      return await this.getPlan(planId);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async request<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    return (await this.send<T>(method, path, init)).body;
  }

  private async send<T>(
    method: string,
    path: string,
    init: RequestInit,
  ): Promise<{ status: number; body: T }> {
    const url = `${this.baseUrl}${path}${queryString(init.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    let payload: string | undefined;
    if (init.text !== undefined) {
      headers['content-type'] = init.contentType ?? 'text/plain';
      payload = init.text;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(init.body);
    }
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { method, headers, body: payload, signal });
      text = await response.text();
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = timeout.aborted ? new Error(`no answer within ${this.requestTimeoutMs} ms`) : error;
      throw new MakerConnectionError(this.baseUrl, cause);
    }
    const body = parseBody(text);
    if (!response.ok) {
      const errorBody: ApiErrorBody =
        body && typeof body === 'object'
          ? (body as ApiErrorBody)
          : { message: text.slice(0, 200) || undefined };
      throw new MakerApiError(response.status, errorBody, method, path);
    }
    if (body === undefined) {
      throw new MakerConnectionError(this.baseUrl, new Error(`${method} ${path} answered non-JSON`));
    }
    return { status: response.status, body: body as T };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Plan options as the query parameters a Markdown submission carries (`models.X`, `labels.X` for maps). */
export function optionsToQuery(options: PlanOptionsInput): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') {
      for (const [inner, v] of Object.entries(value as Record<string, unknown>))
        query[`${key}.${inner}`] = String(v);
    } else query[key] = String(value);
  }
  return query;
}

function queryString(query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return '';
  return `?${new URLSearchParams(query).toString()}`;
}

const enc = encodeURIComponent;
