import { html } from 'htm/preact';
import { voteRaces } from '../derive.js';
import { events, selectedTask, travelSeq } from '../store.js';

const SHOWN = 4;
const short = (name: string) => (name.length > 48 ? `${name.slice(0, 47)}…` : name);

/** Each vote as a race: one bar per candidate growing as samples arrive, the leader against k. */
export function VoteRaces() {
  const races = voteRaces(events.value, travelSeq.value ?? undefined, selectedTask.value ?? undefined).slice(
    0,
    SHOWN,
  );
  return html`<section class="panel votes" aria-label="Votes">
    <h2>Votes</h2>
    ${races.length === 0 ? html`<p class="muted">No votes yet.</p>` : null}
    ${races.map((race) => {
      const [leader, runnerUp] = race.candidates;
      const lead = (leader?.votes ?? 0) - (runnerUp?.votes ?? 0);
      const target = (runnerUp?.votes ?? 0) + (race.k ?? 1);
      const scale = Math.max(leader?.votes ?? 1, target, 1);
      return html`<div key=${race.key} class="race" data-vote-task=${race.taskId}>
        <div class="race-head">
          <strong>${race.taskId ?? 'plan'}</strong>
          ${race.call ? html`<span class="muted"> ${race.call}</span>` : null}
          <span class="muted"> · k=${race.k ?? '?'} · ${race.samples} samples · lead ${lead}</span>
          ${race.redFlags ? html`<span class="badge state-failed">${race.redFlags} red flags</span>` : null}
          <span class=${`badge ${race.status ? 'state-completed' : 'state-executing'}`}>${race.status ?? 'voting'}</span>
        </div>
        ${race.candidates.slice(0, 5).map(
          (c, i) => html`<div key=${c.name} class=${`bar ${race.winner === c.name ? 'winner' : ''}`}>
            <span class="bar-fill" style=${`width:${(100 * c.votes) / scale}%`}></span>
            ${
              i === 0 && race.k
                ? html`<span class="bar-target" title=${`ahead by k=${race.k}: ${target} votes`} style=${`left:calc(${(100 * target) / scale}% - 2px)`}></span>`
                : null
            }
            <span class="bar-label" title=${c.name}>${short(c.name)}</span>
            <span class="bar-count">${c.votes}</span>
          </div>`,
        )}
      </div>`;
    })}
  </section>`;
}
