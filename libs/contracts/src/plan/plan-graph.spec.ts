import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainLengths } from './plan-graph.js';
import { validateArchitectPlan } from './plan-source.js';

/** Random DAG: edges only from a higher index to a lower one, ids shuffled by a permutation. */
const dagArbitrary = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
    }),
  )
  .map(({ n, edges }) => {
    const deps: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of edges) if (a !== b) deps[Math.max(a, b)].push(Math.min(a, b));
    return deps;
  });

const planOf = (deps: number[][]) => ({
  title: 'random',
  micro_tasks: deps.map((d, i) => ({ id: `n${i}`, description: 'x', dependencies: d.map((j) => `n${j}`) })),
});

describe('dependency graph properties', () => {
  it('accepts every random DAG with an order in which each task follows its dependencies', () => {
    fc.assert(
      fc.property(dagArbitrary, (deps) => {
        const result = validateArchitectPlan(planOf(deps));
        if (!result.ok) return false;
        const position = new Map(result.order.map((id, i) => [id, i]));
        expect(result.order).toHaveLength(deps.length);
        return result.plan.tasks.every((t) =>
          t.dependencies.every((d) => position.get(d)! < position.get(t.id)!),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('rejects every graph with a back edge, naming a cycle whose edges all exist', () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), fc.nat(), (deps, x, y) => {
        const n = deps.length;
        // Add a path lo ← … ← hi and then the back edge hi ← lo, which closes a cycle.
        const lo = x % n;
        const hi = lo + 1 + (y % Math.max(1, n - lo));
        if (hi >= n) return true;
        deps[hi].push(lo);
        deps[lo].push(hi);
        const result = validateArchitectPlan(planOf(deps));
        if (result.ok) return false;
        const cycle = result.errors[0].cycle!;
        expect(result.errors[0].code).toBe('circular_dependency');
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        const depsOf = new Map(planOf(deps).micro_tasks.map((t) => [t.id, new Set(t.dependencies)]));
        return cycle.slice(0, -1).every((id, i) => depsOf.get(id)!.has(cycle[i + 1]));
      }),
      { numRuns: 200 },
    );
  });

  it('validates a 100,000-task plan in seconds', () => {
    const tasks = Array.from({ length: 100_000 }, (_, i) => ({
      id: `t${i}`,
      description: 'x',
      dependencies: i > 0 ? [`t${Math.floor(i / 2)}`] : [],
    }));
    const started = performance.now();
    const result = validateArchitectPlan({ title: 'big', micro_tasks: tasks });
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('gives each task the length of the longest chain from it to the end, by brute force', () => {
    fc.assert(
      fc.property(dagArbitrary, (deps) => {
        const ids = deps.map((_, i) => `n${i}`);
        const lengths = chainLengths(
          ids,
          deps.map((d) => d.map((j) => `n${j}`)),
        );
        const dependents = deps.map((_, i) => deps.flatMap((d, j) => (d.includes(i) ? [j] : [])));
        const memo = new Map<number, number>();
        const longest = (i: number): number => {
          if (!memo.has(i)) memo.set(i, 1 + Math.max(0, ...dependents[i].map(longest)));
          return memo.get(i)!;
        };
        return ids.every((id, i) => lengths.get(id) === longest(i));
      }),
      { numRuns: 200 },
    );
  });

  it('measures a 100,000-task chain without recursion', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `t${i}`);
    const lengths = chainLengths(
      ids,
      ids.map((_, i) => (i ? [`t${i - 1}`] : [])),
    );
    expect(lengths.get('t0')).toBe(100_000);
    expect(lengths.get('t99999')).toBe(1);
  });
});
