import type { ParsedFileSource, SymbolLocation } from './code-model.js';

/** How a symbol was reached from the one before it. */
export type NeighbourRelation = 'seed' | 'references' | 'referenced-by' | 'member-of';

/** A symbol reached from the seeds, with its graph distance and how strongly it is connected. */
export interface ReachedSymbol extends SymbolLocation {
  id: string;
  distance: number;
  relation: NeighbourRelation;
  /** Number of distinct closer symbols (overloads counted once) linking to this one. */
  links: number;
}

/** Overloads and re-declarations of one name in one file count as one linking symbol. */
function logicalId(location: SymbolLocation): string {
  return `${location.file}#${location.symbol.parent ?? ''}.${location.symbol.name}`;
}

/** Name resolution as the neighbourhood walk needs it. */
export interface NameResolution extends ParsedFileSource {
  resolveName(file: string, name: string): SymbolLocation[];
  symbolsReferencing(name: string): SymbolLocation[];
}

/** Identifies a symbol by file and offset. */
export function symbolId(location: SymbolLocation): string {
  return `${location.file}#${location.symbol.start}`;
}

/** Breadth-first walk of the symbol graph (references both ways, members to their parent). */
export function reachSymbols(
  graph: NameResolution,
  seeds: SymbolLocation[],
  maxDepth: number,
): ReachedSymbol[] {
  const reached = new Map<string, ReachedSymbol>();
  const linkedFrom = new Map<string, Set<string>>();
  let frontier: ReachedSymbol[] = [];
  for (const seed of seeds) {
    const id = symbolId(seed);
    if (reached.has(id)) continue;
    const node: ReachedSymbol = { ...seed, id, distance: 0, relation: 'seed', links: 0 };
    reached.set(id, node);
    frontier.push(node);
  }
  for (let distance = 1; distance <= maxDepth && frontier.length > 0; distance++) {
    const next: ReachedSymbol[] = [];
    for (const node of frontier) {
      for (const [neighbour, relation] of neighboursOf(graph, node)) {
        const id = symbolId(neighbour);
        const known = reached.get(id);
        if (known && known.distance !== distance) continue;
        const sources = linkedFrom.get(id) ?? new Set<string>();
        sources.add(logicalId(node));
        linkedFrom.set(id, sources);
        if (known) {
          known.links = sources.size;
          continue;
        }
        const added: ReachedSymbol = { ...neighbour, id, distance, relation, links: 1 };
        reached.set(id, added);
        next.push(added);
      }
    }
    frontier = next;
  }
  return [...reached.values()];
}

function neighboursOf(
  graph: NameResolution,
  node: SymbolLocation,
): Array<[SymbolLocation, NeighbourRelation]> {
  const found = new Map<string, [SymbolLocation, NeighbourRelation]>();
  const add = (location: SymbolLocation, relation: NeighbourRelation) => {
    const id = symbolId(location);
    if (id !== symbolId(node) && !found.has(id)) found.set(id, [location, relation]);
  };
  for (const name of node.symbol.references) {
    for (const target of graph.resolveName(node.file, name)) add(target, 'references');
  }
  for (const referrer of graph.symbolsReferencing(node.symbol.name)) {
    const targets = graph.resolveName(referrer.file, node.symbol.name);
    if (targets.some((target) => symbolId(target) === symbolId(node))) add(referrer, 'referenced-by');
  }
  if (node.symbol.parent) {
    const parents = graph.resolveName(node.file, node.symbol.parent).filter((p) => p.file === node.file);
    for (const parent of parents) add(parent, 'member-of');
  }
  return [...found.values()].sort(([a], [b]) => compareLocations(a, b));
}

/** Deterministic order: path, then start offset. */
export function compareLocations(a: SymbolLocation, b: SymbolLocation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.symbol.start - b.symbol.start;
}
