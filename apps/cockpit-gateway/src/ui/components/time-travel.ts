import { html } from 'htm/preact';
import { snapshotMarks } from '../derive.js';
import { act, events, plan, travelSeq } from '../store.js';

/** Snapshots on a timeline: view the plan as it was at any seq; roll the workspace back to a snapshot. */
export function TimeTravel() {
  const all = events.value;
  const last = all.at(-1)?.seq ?? 0;
  const marks = snapshotMarks(all);
  const planId = plan.value?.plan_id;
  const viewing = travelSeq.value;
  return html`<section class="panel travel" aria-label="Snapshots and time travel">
    <h2>Time travel</h2>
    <div class="travel-bar">
      <input
        type="range"
        min="1"
        max=${Math.max(last, 1)}
        value=${viewing ?? last}
        aria-label="Viewed event seq"
        onInput=${(e: Event) => {
          const seq = Number((e.target as HTMLInputElement).value);
          travelSeq.value = seq >= last ? null : seq;
        }}
      />
      <span class="muted" data-viewing>${viewing === null ? `live · seq ${last}` : `seq ${viewing} of ${last}`}</span>
      ${viewing !== null ? html`<button onClick=${() => (travelSeq.value = null)}>Back to live</button>` : null}
    </div>
    <ul class="snapshots">
      ${marks.length === 0 ? html`<li class="muted">No snapshots yet.</li>` : null}
      ${marks.map(
        (m) => html`<li key=${m.seq} class=${viewing === m.seq ? 'selected' : ''}>
          <button class="link" onClick=${() => (travelSeq.value = m.seq)}>seq ${m.seq}</button>
          <span>${m.snapshot ?? `group ${m.group ?? '?'}`}</span>
          <span class="muted">${m.timestamp.slice(11, 19)}</span>
          ${
            m.snapshot && planId
              ? html`<button
                  class="danger"
                  onClick=${() => act(`roll back to ${m.snapshot}`, `/v1/plans/${encodeURIComponent(planId)}/rollback`, { snapshot: m.snapshot })}
                >
                  Roll back
                </button>`
              : null
          }
        </li>`,
      )}
    </ul>
  </section>`;
}
