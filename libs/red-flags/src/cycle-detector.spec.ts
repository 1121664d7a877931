import { describe, expect, it } from 'vitest';
import {
  adjacencyOf,
  cycleKey,
  cycleRank,
  shortestCycleThrough,
  stronglyConnectedComponents,
} from './cycle-detector.js';

function edges(spec: string) {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [from, to] = pair.split('>');
      return { from: from!, to: to! };
    });
}

describe('cycle detector', () => {
  it.each([
    ['a chain', 'a>b b>c', 0],
    ['a diamond', 'a>b a>c b>d c>d', 0],
    ['a two-cycle', 'a>b b>a', 1],
    ['a triangle', 'a>b b>c c>a', 1],
    ['a triangle with a chord', 'a>b b>c c>a a>c', 2],
    ['two disjoint cycles', 'a>b b>a c>d d>c', 2],
    ['two cycles sharing a node', 'a>b b>a a>c c>a', 2],
    ['a complete digraph on three nodes', 'a>b b>a b>c c>b a>c c>a', 4],
    ['a cycle with a tail and a diamond hanging off it', 'x>a a>b b>a b>d b>e d>f e>f', 1],
  ])('betti_1 of %s is %i', (_name, spec, expected) => {
    const adjacency = adjacencyOf(edges(spec));
    expect(cycleRank(adjacency, stronglyConnectedComponents(adjacency))).toBe(expected);
  });

  it('finds the shortest closed path through an edge, or none outside a cycle', () => {
    const adjacency = adjacencyOf(edges('a>b b>c c>d d>a b>d x>a'));
    expect(shortestCycleThrough(adjacency, 'a', 'b')).toEqual(['a', 'b', 'd', 'a']);
    expect(shortestCycleThrough(adjacency, 'x', 'a')).toBeUndefined();
  });

  it('keys cycles independently of their rotation', () => {
    expect(cycleKey(['b', 'c', 'a', 'b'])).toBe(cycleKey(['a', 'b', 'c', 'a']));
    expect(cycleKey(['a', 'c', 'b', 'a'])).not.toBe(cycleKey(['a', 'b', 'c', 'a']));
  });

  it('handles a 20,000-node chain without recursion limits', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` }));
    const adjacency = adjacencyOf([...chain, { from: 'n20000', to: 'n0' }]);
    expect(cycleRank(adjacency, stronglyConnectedComponents(adjacency))).toBe(1);
  });
});
