import { batch, computed, signal } from '@preact/signals';
import { appendInOrder, type CockpitEvent, type TaskState, taskStatesAt } from './derive.js';
import { GatewayClient } from './gateway-client.js';

export interface PlanSummary {
  plan_id: string;
  title?: string;
  status: string;
  counts?: Record<string, number>;
  created_at?: string;
}

export interface TaskInfo {
  id: string;
  description?: string;
  atom_type?: string;
  dependencies?: string[];
  state?: string;
  attempts?: number;
  info?: Record<string, unknown>;
}

export interface PlanDetail extends PlanSummary {
  tasks: TaskInfo[];
  options?: Record<string, unknown>;
}

/**
 * The API token: `?token=` in the page URL (then kept in localStorage and taken out of the address
 * bar), or what localStorage holds.
 */
function readToken(): string {
  const query = new URLSearchParams(location.search);
  const fromUrl = query.get('token');
  if (fromUrl) {
    localStorage.setItem('maker.token', fromUrl);
    query.delete('token');
    const search = query.size > 0 ? `?${query}` : '';
    history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }
  return fromUrl ?? localStorage.getItem('maker.token') ?? '';
}

export const token = readToken();
export const plans = signal<PlanSummary[]>([]);
export const selectedPlanId = signal<string | null>(decodeURIComponent(location.hash.slice(1)) || null);
export const plan = signal<PlanDetail | null>(null);
export const events = signal<CockpitEvent[]>([]);
export const gaps = signal(0);
export const duplicates = signal(0);
export const connection = signal<{ state: string; detail?: string }>({ state: 'connecting' });
export const caughtUp = signal(false);
/** The seq the page is looking at; null = now (live). */
export const travelSeq = signal<number | null>(null);
export const selectedTask = signal<string | null>(null);
export const notice = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);

export const viewSeq = computed(() => travelSeq.value ?? events.value.at(-1)?.seq ?? 0);
export const taskStates = computed<Map<string, TaskState>>(() =>
  taskStatesAt(
    (plan.value?.tasks ?? []).map((t) => t.id),
    events.value,
    travelSeq.value ?? Number.POSITIVE_INFINITY,
  ),
);

let lifecycleCursor: string | undefined;
let incoming: CockpitEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let planRefresh: ReturnType<typeof setTimeout> | undefined;
let listRefresh: ReturnType<typeof setTimeout> | undefined;

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await response.json().catch(() => ({}))) as T & { message?: string; error?: string };
  if (!response.ok) throw new Error(body.message ?? body.error ?? `HTTP ${response.status}`);
  return body;
}

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws${
  token ? `?token=${encodeURIComponent(token)}` : ''
}`;

export const gateway = new GatewayClient(wsUrl, {
  onEvent(subscription, event, streamId) {
    if (subscription === '*') {
      lifecycleCursor = streamId;
      scheduleListRefresh();
      if (event.plan_id === selectedPlanId.value) schedulePlanRefresh();
      return;
    }
    if (subscription !== selectedPlanId.value) return;
    incoming.push(event);
    flushTimer ??= setTimeout(flushIncoming, 40);
  },
  resumeFrom(subscription) {
    if (subscription === '*') return lifecycleCursor ?? '$';
    if (subscription !== selectedPlanId.value) return 0;
    return incoming.at(-1)?.seq ?? events.value.at(-1)?.seq ?? 0;
  },
  onState(state, detail) {
    connection.value = { state, detail };
    if (state === 'live') {
      scheduleListRefresh();
      if (selectedPlanId.value) schedulePlanRefresh();
    }
  },
  onLive(subscription) {
    if (subscription === selectedPlanId.value) {
      flushIncoming();
      caughtUp.value = true;
    }
  },
});

function flushIncoming() {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (incoming.length === 0) return;
  const batchOfEvents = incoming;
  incoming = [];
  const merged = appendInOrder(events.value, batchOfEvents);
  batch(() => {
    events.value = merged.events;
    gaps.value += merged.gaps;
    duplicates.value += merged.duplicates;
  });
  if (batchOfEvents.some((e) => e.task_id === null || e.event === 'task_escalated')) schedulePlanRefresh();
}

function scheduleListRefresh() {
  if (listRefresh) return;
  listRefresh = setTimeout(() => {
    listRefresh = undefined;
    void refreshPlans();
  }, 150);
}

function schedulePlanRefresh() {
  if (planRefresh) return;
  planRefresh = setTimeout(() => {
    planRefresh = undefined;
    void refreshPlan();
  }, 150);
}

export async function refreshPlans(): Promise<void> {
  try {
    plans.value = (await api<{ plans: PlanSummary[] }>('/v1/plans?limit=200')).plans;
  } catch (error) {
    notice.value = { kind: 'error', text: `plans: ${(error as Error).message}` };
  }
}

async function refreshPlan(): Promise<void> {
  const id = selectedPlanId.value;
  if (!id) return;
  try {
    const detail = await api<PlanDetail>(`/v1/plans/${encodeURIComponent(id)}`);
    if (selectedPlanId.value === id) plan.value = detail;
  } catch (error) {
    notice.value = { kind: 'error', text: `plan ${id}: ${(error as Error).message}` };
  }
}

export function selectPlan(id: string | null): void {
  const previous = selectedPlanId.value;
  if (previous) gateway.unsubscribe(previous);
  incoming = [];
  batch(() => {
    selectedPlanId.value = id;
    plan.value = null;
    events.value = [];
    gaps.value = 0;
    duplicates.value = 0;
    caughtUp.value = false;
    travelSeq.value = null;
    selectedTask.value = null;
  });
  history.replaceState(
    null,
    '',
    `${location.pathname}${location.search}${id ? `#${encodeURIComponent(id)}` : ''}`,
  );
  if (!id) return;
  void refreshPlan();
  gateway.subscribe(id);
}

/** A person action through the gateway; the orchestrator's answer (or refusal) is shown. */
export async function act(label: string, path: string, body?: unknown): Promise<void> {
  try {
    await api(path, { method: 'POST', body: body ?? {} });
    notice.value = { kind: 'ok', text: `${label}: done` };
    schedulePlanRefresh();
  } catch (error) {
    notice.value = { kind: 'error', text: `${label}: ${(error as Error).message}` };
  }
}

export function startCockpit(): void {
  gateway.start();
  gateway.subscribe('*');
  void refreshPlans();
  if (selectedPlanId.value) selectPlan(selectedPlanId.value);
  window.addEventListener('hashchange', () => {
    const id = decodeURIComponent(location.hash.slice(1)) || null;
    if (id !== selectedPlanId.value) selectPlan(id);
  });
}
