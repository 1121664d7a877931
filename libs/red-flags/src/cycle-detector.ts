/** A directed edge between two graph nodes. */
export interface DirectedEdge {
  from: string;
  to: string;
}

/** Adjacency lists of a directed graph, targets sorted for deterministic walks. */
export function adjacencyOf(edges: readonly DirectedEdge[]): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!adjacency.has(to)) adjacency.set(to, []);
    const targets = adjacency.get(from) ?? [];
    if (!targets.includes(to)) targets.push(to);
    adjacency.set(from, targets);
  }
  for (const targets of adjacency.values()) targets.sort();
  return adjacency;
}

/** Strongly connected components (Tarjan, iterative); returns node → component index. */
export function stronglyConnectedComponents(adjacency: Map<string, string[]>): Map<string, number> {
  const walk = new TarjanWalk(adjacency);
  for (const root of [...adjacency.keys()].sort()) walk.visitFrom(root);
  return walk.component;
}

/** Tarjan's algorithm with an explicit stack, so deep import chains cannot overflow the call stack. */
class TarjanWalk {
  readonly component = new Map<string, number>();
  private readonly index = new Map<string, number>();
  private readonly lowLink = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  private counter = 0;
  private components = 0;

  constructor(private readonly adjacency: Map<string, string[]>) {}

  visitFrom(root: string): void {
    if (this.index.has(root)) return;
    const work: Array<[string, number]> = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, next] = frame;
      if (next === 0) this.enter(node);
      const targets = this.adjacency.get(node) ?? [];
      if (next < targets.length) {
        frame[1]++;
        const target = targets[next]!;
        if (!this.index.has(target)) work.push([target, 0]);
        else if (this.onStack.has(target)) this.lower(node, this.index.get(target)!);
        continue;
      }
      work.pop();
      if (work.length > 0) this.lower(work[work.length - 1]![0], this.lowLink.get(node)!);
      if (this.lowLink.get(node) === this.index.get(node)) this.closeComponent(node);
    }
  }

  private enter(node: string): void {
    this.index.set(node, this.counter);
    this.lowLink.set(node, this.counter++);
    this.stack.push(node);
    this.onStack.add(node);
  }

  private lower(node: string, candidate: number): void {
    this.lowLink.set(node, Math.min(this.lowLink.get(node)!, candidate));
  }

  private closeComponent(root: string): void {
    let member: string;
    do {
      member = this.stack.pop()!;
      this.onStack.delete(member);
      this.component.set(member, this.components);
    } while (member !== root);
    this.components++;
  }
}

/** Members of each component with more than one node, keyed by component index. */
export function cyclicComponents(component: Map<string, number>): Map<number, string[]> {
  const members = new Map<number, string[]>();
  for (const [node, id] of component) members.set(id, [...(members.get(id) ?? []), node]);
  for (const [id, nodes] of members) {
    if (nodes.length < 2) members.delete(id);
    else nodes.sort();
  }
  return members;
}

/** First Betti number of the cyclic part: Σ over cyclic components of (internal edges − nodes + 1). */
export function cycleRank(adjacency: Map<string, string[]>, component: Map<string, number>): number {
  const cyclic = cyclicComponents(component);
  let rank = 0;
  for (const [id, nodes] of cyclic) {
    let internalEdges = 0;
    for (const node of nodes)
      internalEdges += adjacency.get(node)!.filter((t) => component.get(t) === id).length;
    rank += internalEdges - nodes.length + 1;
  }
  return rank;
}

/** The shortest closed path through the edge `from → to`, as `[from, to, …, from]`, if any. */
export function shortestCycleThrough(
  adjacency: Map<string, string[]>,
  from: string,
  to: string,
): string[] | undefined {
  const previous = new Map<string, string>([[to, to]]);
  const queue = [to];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (node === from) break;
    for (const target of adjacency.get(node) ?? []) {
      if (previous.has(target)) continue;
      previous.set(target, node);
      queue.push(target);
    }
  }
  if (!previous.has(from)) return undefined;
  const back: string[] = [];
  for (let node = from; node !== to; node = previous.get(node)!) back.push(node);
  back.push(to);
  return [from, ...back.reverse()];
}

/** A rotation-independent key of a closed path. */
export function cycleKey(cycle: readonly string[]): string {
  const open = cycle.slice(0, -1);
  const start = open.indexOf([...open].sort()[0]!);
  return [...open.slice(start), ...open.slice(0, start)].join('\0');
}
