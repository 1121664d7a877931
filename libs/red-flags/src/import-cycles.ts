import {
  adjacencyOf,
  cycleKey,
  cycleRank,
  cyclicComponents,
  type DirectedEdge,
  shortestCycleThrough,
  stronglyConnectedComponents,
} from './cycle-detector.js';

/** Cycles of the import graph after a change, split by whether the change introduced them. */
export interface CycleFindings {
  /** Closed paths through an import the change added. */
  introduced: string[][];
  /** One closed path per cyclic component the change added no import to. */
  existing: string[][];
  betti1: number;
}

/**
 * A cycle is introduced when an added import lies on it: for every added edge inside a
 * strongly connected component, the shortest cycle through that edge is reported.
 */
export function findCycles(
  afterEdges: readonly DirectedEdge[],
  addedEdges: readonly DirectedEdge[],
  maxCycles: number,
) {
  const adjacency = adjacencyOf(afterEdges);
  const component = stronglyConnectedComponents(adjacency);
  const findings: CycleFindings = { introduced: [], existing: [], betti1: cycleRank(adjacency, component) };
  const seen = new Set<string>();
  const blamedComponents = new Set<number>();
  const sortedAdded = [...addedEdges].sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1));
  for (const edge of sortedAdded) {
    const id = component.get(edge.from);
    if (id === undefined || id !== component.get(edge.to)) continue;
    blamedComponents.add(id);
    const cycle = shortestCycleThrough(adjacency, edge.from, edge.to);
    if (!cycle || seen.has(cycleKey(cycle)) || findings.introduced.length >= maxCycles) continue;
    seen.add(cycleKey(cycle));
    findings.introduced.push(cycle);
  }
  for (const [id, nodes] of cyclicComponents(component)) {
    if (blamedComponents.has(id) || findings.introduced.length + findings.existing.length >= maxCycles)
      continue;
    const first = nodes[0]!;
    const next = adjacency.get(first)!.find((target) => component.get(target) === id)!;
    findings.existing.push(shortestCycleThrough(adjacency, first, next)!);
  }
  return findings;
}
