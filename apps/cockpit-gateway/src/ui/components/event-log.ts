import { signal } from '@preact/signals';
import { html } from 'htm/preact';
import { EVENT_FAMILIES, filterEvents } from '../derive.js';
import { events, selectedTask, travelSeq } from '../store.js';

const SHOWN = 400;
const families = signal<ReadonlySet<string>>(new Set(Object.keys(EVENT_FAMILIES)));
const text = signal('');

function toggle(name: string) {
  const next = new Set(families.value);
  if (next.has(name)) next.delete(name);
  else next.add(name);
  families.value = next;
}

const time = (iso: string) => iso.slice(11, 23);

/** The plan's events, newest first, filtered by family, task and text; clicking a seq travels there. */
export function EventLog() {
  const all = events.value;
  const shown = filterEvents(
    all,
    { families: families.value, taskId: selectedTask.value ?? '', text: text.value },
    SHOWN,
  );
  return html`<section class="panel log" aria-label="Event log">
    <header class="log-head">
      <h2>Events <span class="muted" data-event-count=${all.length}>${all.length}</span></h2>
      <div class="filters">
        ${Object.keys(EVENT_FAMILIES).map(
          (name) => html`<label key=${name} class="chip">
            <input type="checkbox" checked=${families.value.has(name)} onChange=${() => toggle(name)} />${name}
          </label>`,
        )}
        <input
          class="search"
          type="search"
          placeholder="filter text"
          aria-label="Filter events by text"
          value=${text.value}
          onInput=${(e: Event) => (text.value = (e.target as HTMLInputElement).value)}
        />
        ${
          selectedTask.value
            ? html`<button class="chip" onClick=${() => (selectedTask.value = null)}>task ${selectedTask.value} ✕</button>`
            : null
        }
      </div>
    </header>
    <ol class="log-lines">
      ${shown.map(
        (
          e,
        ) => html`<li key=${e.seq} class=${`ev ev-${e.event} ${travelSeq.value !== null && e.seq > travelSeq.value ? 'future' : ''}`} data-seq=${e.seq} data-event=${e.event}>
          <button class="seq" title="view the plan at this event" onClick=${() => (travelSeq.value = e.seq)}>${e.seq}</button>
          <span class="muted">${time(e.timestamp)}</span>
          <span class="ev-name">${e.event}</span>
          <span class="ev-task">${e.task_id ?? ''}</span>
          <span class="ev-msg">${e.details?.message ?? ''}</span>
        </li>`,
      )}
    </ol>
  </section>`;
}
