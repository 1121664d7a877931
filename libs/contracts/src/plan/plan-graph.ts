/**
 * Dependency-graph algorithms over task ids, linear in tasks + edges so that 100,000-task plans
 * validate in milliseconds. `dependencies[i]` lists the indices task i waits for.
 */

/** Returns one cycle as ids with the first repeated at the end, or undefined for a DAG. */
export function findCycle(ids: readonly string[], dependencies: readonly number[][]): string[] | undefined {
  const state = new Uint8Array(ids.length); // 0 new, 1 on the DFS stack, 2 finished
  const parent = new Int32Array(ids.length).fill(-1);
  for (let root = 0; root < ids.length; root++) {
    if (state[root] !== 0) continue;
    const cycle = depthFirstFromRoot(root, dependencies, state, parent);
    if (cycle) return cycle.map((i) => ids[i]);
  }
  return undefined;
}

function depthFirstFromRoot(
  root: number,
  dependencies: readonly number[][],
  state: Uint8Array,
  parent: Int32Array,
): number[] | undefined {
  const stack: Array<[node: number, nextEdge: number]> = [[root, 0]];
  state[root] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const [node, edge] = frame;
    const next = dependencies[node][edge];
    if (next === undefined) {
      state[node] = 2;
      stack.pop();
      continue;
    }
    frame[1]++;
    if (state[next] === 1) return cyclePath(node, next, parent);
    if (state[next] === 0) {
      state[next] = 1;
      parent[next] = node;
      stack.push([next, 0]);
    }
  }
  return undefined;
}

/** The edge node → target closes a cycle: walk parents from node back to target. */
function cyclePath(node: number, target: number, parent: Int32Array): number[] {
  const path = [node];
  for (let at = node; at !== target; ) {
    at = parent[at];
    path.push(at);
  }
  // path runs target ← … ← node along "depends on" edges; read it forwards from target.
  path.reverse();
  path.push(path[0]);
  return path;
}

/**
 * Kahn's algorithm; among ready tasks the one that appears first in the plan goes first, so the
 * order is deterministic. Returns undefined when the graph has a cycle.
 */
export function topologicalOrder(
  ids: readonly string[],
  dependencies: readonly number[][],
): string[] | undefined {
  const remaining = new Int32Array(ids.length);
  const dependents: number[][] = ids.map(() => []);
  dependencies.forEach((deps, task) => {
    remaining[task] = deps.length;
    for (const dep of deps) dependents[dep].push(task);
  });
  const ready = new MinHeap();
  for (let i = 0; i < ids.length; i++) if (remaining[i] === 0) ready.push(i);
  const order: string[] = [];
  while (ready.size > 0) {
    const task = ready.pop();
    order.push(ids[task]);
    for (const dependent of dependents[task]) if (--remaining[dependent] === 0) ready.push(dependent);
  }
  return order.length === ids.length ? order : undefined;
}

/**
 * For each task, the number of tasks on the longest dependency chain from it to the end of the
 * plan, itself included (its "bottom level"): 1 for a task nothing depends on. Scheduling the
 * largest first keeps the critical path moving (HLFET list scheduling). Ids missing from the plan
 * are ignored; the graph must be acyclic.
 */
export function chainLengths(ids: readonly string[], dependencies: readonly string[][]): Map<string, number> {
  const position = new Map(ids.map((id, i) => [id, i]));
  const edges = dependencies.map((deps) =>
    deps.map((d) => position.get(d)).filter((i): i is number => i !== undefined),
  );
  const order = topologicalOrder(ids, edges);
  if (!order) throw new Error('chainLengths needs an acyclic plan');
  const lengths = new Map<string, number>(ids.map((id) => [id, 1]));
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    const through = lengths.get(id)! + 1;
    for (const dep of edges[position.get(id)!]) {
      const depId = ids[dep];
      if (lengths.get(depId)! < through) lengths.set(depId, through);
    }
  }
  return lengths;
}

class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (items[up] <= value) break;
      items[i] = items[up];
      i = up;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const child = left + 1 < items.length && items[left + 1] < items[left] ? left + 1 : left;
      if (items[child] >= last) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}
