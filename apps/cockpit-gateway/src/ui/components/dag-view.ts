import { Graph, layout } from '@dagrejs/dagre';
import { useMemo } from 'preact/hooks';
import { html } from 'htm/preact';
import type { TaskState } from '../derive.js';
import { plan, selectedTask, taskStates } from '../store.js';
import type { TaskInfo } from '../store.js';

const NODE_W = 132;
const NODE_H = 34;
/** Past this many tasks a layered drawing is unreadable and slow: the tasks become a grid of cells. */
const MAX_DRAWN = 400;

interface Layout {
  width: number;
  height: number;
  nodes: Array<{ id: string; x: number; y: number }>;
  edges: Array<{ from: string; to: string; points: Array<{ x: number; y: number }> }>;
}

function layOut(tasks: TaskInfo[]): Layout {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 44, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const task of tasks) graph.setNode(task.id, { width: NODE_W, height: NODE_H });
  for (const task of tasks) {
    for (const dep of task.dependencies ?? []) if (graph.hasNode(dep)) graph.setEdge(dep, task.id);
  }
  layout(graph);
  const meta = graph.graph() as { width?: number; height?: number };
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    nodes: graph.nodes().map((id) => ({ id, x: graph.node(id).x, y: graph.node(id).y })),
    edges: graph.edges().map((e) => ({
      from: e.v,
      to: e.w,
      points: (graph.edge(e).points ?? []) as Array<{ x: number; y: number }>,
    })),
  };
}

const label = (id: string) => (id.length > 17 ? `${id.slice(0, 16)}…` : id);

/** The task DAG laid out left to right, each task coloured by its state at the viewed seq. */
export function DagView() {
  const tasks = plan.value?.tasks ?? [];
  const states = taskStates.value;
  const shape = tasks.map((t) => `${t.id}<${(t.dependencies ?? []).join(',')}`).join(';');
  const drawn = useMemo(() => (tasks.length <= MAX_DRAWN ? layOut(tasks) : undefined), [shape]);
  const select = (id: string) => (selectedTask.value = selectedTask.value === id ? null : id);
  if (tasks.length === 0) return html`<section class="panel dag"><p class="muted">No tasks.</p></section>`;
  if (!drawn) {
    return html`<section class="panel dag"><div class="task-grid">
      ${tasks.map(
        (t) => html`<button
          key=${t.id}
          title=${`${t.id}: ${states.get(t.id)}`}
          class=${`cell state-${states.get(t.id)}`}
          data-task=${t.id}
          data-state=${states.get(t.id)}
          onClick=${() => select(t.id)}
        ></button>`,
      )}
    </div></section>`;
  }
  return html`<section class="panel dag" aria-label="Task graph">
    <svg width=${drawn.width} height=${drawn.height} viewBox=${`0 0 ${drawn.width} ${drawn.height}`}>
      <defs>
        <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" fill="#8a94a6" />
        </marker>
      </defs>
      ${drawn.edges.map(
        (e) => html`<polyline
          key=${`${e.from}->${e.to}`}
          class="edge"
          points=${e.points.map((p) => `${p.x},${p.y}`).join(' ')}
          marker-end="url(#arrow)"
        />`,
      )}
      ${drawn.nodes.map((n) => {
        const state: TaskState = states.get(n.id) ?? 'pending';
        return html`<g
          key=${n.id}
          class=${`node state-${state} ${selectedTask.value === n.id ? 'selected' : ''}`}
          data-task=${n.id}
          data-state=${state}
          transform=${`translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`}
          onClick=${() => select(n.id)}
        >
          <title>${n.id}: ${state}</title>
          <rect width=${NODE_W} height=${NODE_H} rx="6" />
          <text x="8" y="14">${label(n.id)}</text>
          <text x="8" y="27" class="node-state">${state}</text>
        </g>`;
      })}
    </svg>
  </section>`;
}
