import { html } from 'htm/preact';
import { planStatusAt, planTotals } from '../derive.js';
import { events, plan, taskStates, travelSeq } from '../store.js';

const money = (usd: number) => `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;

/** Plan status, task counts, tokens, cost and throughput at the viewed seq. */
export function Summary() {
  const detail = plan.value;
  if (!detail) return null;
  const upto = travelSeq.value ?? Number.POSITIVE_INFINITY;
  const totals = planTotals(events.value, upto);
  const status = planStatusAt(events.value, upto, detail.status);
  const counts = new Map<string, number>();
  for (const state of taskStates.value.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
  return html`<section class="panel summary" aria-label="Summary">
    <div class="summary-head">
      <h1 title=${detail.plan_id}>${detail.title || detail.plan_id}</h1>
      <span class=${`badge state-${status}`} data-status=${status}>${status}</span>
    </div>
    <div class="counts">
      ${[...counts].map(([state, n]) => html`<span key=${state} class=${`badge state-${state}`} data-count=${state}>${n} ${state}</span>`)}
    </div>
    <dl class="totals">
      <div><dt>Tokens</dt><dd data-total="tokens">${totals.tokens.toLocaleString()}</dd></div>
      <div><dt>Cost</dt><dd data-total="cost">${money(totals.costUsd)}</dd></div>
      <div><dt>Atoms</dt><dd>${totals.atoms}</dd></div>
      <div><dt>Red flags</dt><dd>${totals.redFlags}</dd></div>
      <div><dt>Tasks/min</dt><dd>${totals.tasksPerMinute.toFixed(1)}</dd></div>
      <div><dt>Events/s</dt><dd>${totals.eventsPerSecond.toFixed(1)}</dd></div>
    </dl>
  </section>`;
}
