import { html } from 'htm/preact';
import { plans, selectPlan, selectedPlanId } from '../store.js';

/** Every plan with its state; clicking one opens it. */
export function PlanList() {
  const list = plans.value;
  return html`<nav class="plan-list" aria-label="Plans">
    <h2>Plans <span class="muted">${list.length}</span></h2>
    ${list.length === 0 ? html`<p class="muted">No plans yet.</p>` : null}
    <ul>
      ${list.map(
        (p) => html`<li key=${p.plan_id}>
          <button
            class=${`plan-item ${p.plan_id === selectedPlanId.value ? 'selected' : ''}`}
            data-plan=${p.plan_id}
            onClick=${() => selectPlan(p.plan_id)}
          >
            <span class="plan-title">${p.title || p.plan_id}</span>
            <span class=${`badge state-${p.status}`} data-plan-status>${p.status}</span>
            <span class="plan-id muted">${p.plan_id}</span>
          </button>
        </li>`,
      )}
    </ul>
  </nav>`;
}
