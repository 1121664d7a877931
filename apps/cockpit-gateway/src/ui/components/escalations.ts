import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { act, events, plan, taskStates } from '../store.js';

const path = (planId: string, rest: string) => `/v1/plans/${encodeURIComponent(planId)}${rest}`;

function EscalatedTask({ planId, taskId, reason }: { planId: string; taskId: string; reason: string }) {
  const [k, setK] = useState('');
  const retry = () => {
    const value = Number(k);
    const body = k !== '' && Number.isInteger(value) && value >= 1 ? { k: value } : {};
    void act(`retry ${taskId}`, path(planId, `/tasks/${encodeURIComponent(taskId)}/retry`), body);
  };
  return html`<li class="escalated" data-escalated=${taskId}>
    <div><strong>${taskId}</strong> <span class="muted">${reason}</span></div>
    <div class="row">
      <label>k <input class="k" type="number" min="1" max="20" value=${k} aria-label=${`k for ${taskId}`} onInput=${(e: Event) => setK((e.target as HTMLInputElement).value)} /></label>
      <button data-action="retry" onClick=${retry}>Retry</button>
      <button data-action="skip" onClick=${() => act(`skip ${taskId}`, path(planId, `/tasks/${encodeURIComponent(taskId)}/skip`))}>Skip</button>
    </div>
  </li>`;
}

/** Tasks waiting on a person (retry with k, skip) and the plan's own controls (pause, resume, abort). */
export function Escalations() {
  const detail = plan.value;
  if (!detail) return null;
  const planId = detail.plan_id;
  const waiting = [...taskStates.value].filter(([, state]) => state === 'escalated').map(([id]) => id);
  const reasonOf = (taskId: string) =>
    events.value.findLast((e) => e.event === 'task_escalated' && e.task_id === taskId)?.details?.message ??
    '';
  const running = detail.status === 'running' || detail.status === 'accepted';
  return html`<section class="panel escalations" aria-label="Escalations and controls">
    <h2>Needs a person <span class="muted">${waiting.length}</span></h2>
    <div class="row plan-controls">
      ${running ? html`<button data-action="pause" onClick=${() => act('pause', path(planId, '/pause'))}>Pause</button>` : null}
      ${detail.status === 'paused' ? html`<button data-action="resume" onClick=${() => act('resume', path(planId, '/resume'))}>Resume</button>` : null}
      ${
        running || detail.status === 'paused'
          ? html`<button
              class="danger"
              data-action="abort"
              onClick=${() => confirm(`Abort plan ${planId}? Unfinished tasks are cancelled.`) && act('abort', path(planId, '/cancel'))}
            >
              Abort plan
            </button>`
          : null
      }
    </div>
    <ul>
      ${waiting.length === 0 ? html`<li class="muted">No escalated tasks.</li>` : null}
      ${waiting.map((id) => html`<${EscalatedTask} key=${id} planId=${planId} taskId=${id} reason=${reasonOf(id)} />`)}
    </ul>
  </section>`;
}
