import type { MakerEvent } from '@maker/contracts';

/** A small client of the orchestrator's HTTP API for tests. */
export class PlanApi {
  constructor(readonly baseUrl: string) {}

  async submit(body: unknown, init: { contentType?: string; query?: string } = {}) {
    const response = await fetch(`${this.baseUrl}/v1/plans${init.query ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': init.contentType ?? 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async post(path: string, body: unknown = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async plan(planId: string) {
    return (await fetch(`${this.baseUrl}/v1/plans/${planId}`)).json() as Promise<Record<string, any>>;
  }

  async events(planId: string, after = 0): Promise<MakerEvent[]> {
    const body = (await (await fetch(`${this.baseUrl}/v1/plans/${planId}/events?after=${after}`)).json()) as {
      events: MakerEvent[];
    };
    return body.events;
  }

  /** Follows the plan's event stream until an event matches; returns every event seen so far. */
  async waitForEvent(
    planId: string,
    match: (e: MakerEvent) => boolean,
    timeoutMs = 30_000,
  ): Promise<MakerEvent[]> {
    const seen: MakerEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const batch = await this.events(planId, seen.at(-1)?.seq ?? 0);
      seen.push(...batch);
      if (batch.some(match)) return seen;
      if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(
      `timed out waiting for an event; saw ${seen.map((e) => `${e.seq}:${e.event}:${e.task_id}`).join(' ')}`,
    );
  }
}

export const isPlanEnd = (e: MakerEvent) =>
  ['plan_completed', 'plan_failed', 'plan_cancelled', 'plan_halted', 'emergency_stop'].includes(e.event);
