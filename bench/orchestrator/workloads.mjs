// Plans the orchestrator benchmarks run.

/** Random DAG: each task depends on up to 3 earlier tasks among the previous 50. */
export function randomDag(size, seed = 42) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const tasks = [];
  const depth = [];
  for (let i = 0; i < size; i++) {
    const deps = new Set();
    const count = i === 0 ? 0 : Math.floor(random() * 4);
    for (let d = 0; d < count; d++) deps.add(Math.max(0, i - 1 - Math.floor(random() * 50)));
    depth.push(1 + Math.max(0, ...[...deps].map((d) => depth[d])));
    tasks.push({ id: `d${i}`, description: 'work', dependencies: [...deps].map((d) => `d${d}`) });
  }
  return { tasks, criticalPathTasks: Math.max(...depth) };
}

/** n independent tasks that write nothing. */
export function independentTasks(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    description: 'writes nothing',
    atom_type: 'Planner',
  }));
}
