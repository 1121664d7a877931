import { html } from 'htm/preact';
import { DagView } from './components/dag-view.js';
import { Escalations } from './components/escalations.js';
import { EventLog } from './components/event-log.js';
import { PlanList } from './components/plan-list.js';
import { Summary } from './components/summary.js';
import { TimeTravel } from './components/time-travel.js';
import { VoteRaces } from './components/vote-races.js';
import { caughtUp, connection, duplicates, gaps, notice, selectedPlanId } from './store.js';

function StatusBar() {
  const { state, detail } = connection.value;
  return html`<header class="topbar">
    <span class="brand">MAKER Cockpit</span>
    <span class=${`conn conn-${state}`} data-connection=${state} title=${detail ?? ''}>${state}</span>
    ${detail && state !== 'live' ? html`<span class="muted">${detail}</span>` : null}
    <span class="muted" data-gaps=${gaps.value} data-duplicates=${duplicates.value} data-caught-up=${caughtUp.value}>
      ${gaps.value > 0 ? `${gaps.value} gaps in seq!` : ''}
    </span>
    ${
      notice.value
        ? html`<span class=${`notice notice-${notice.value.kind}`} role="status" onClick=${() => (notice.value = null)}
            >${notice.value.text}</span
          >`
        : null
    }
  </header>`;
}

export function App() {
  return html`<div class="layout">
    <${StatusBar} />
    <${PlanList} />
    ${
      selectedPlanId.value
        ? html`<main class="main">
            <div class="col-main">
              <${Summary} />
              <${DagView} />
              <${EventLog} />
            </div>
            <aside class="col-side">
              <${Escalations} />
              <${VoteRaces} />
              <${TimeTravel} />
            </aside>
          </main>`
        : html`<main class="main empty"><p class="muted">Choose a plan on the left.</p></main>`
    }
  </div>`;
}
