import type { SourceLanguage, SymbolKind, SymbolLocation } from './code-model.js';
import type { CodeGraph } from './code-graph.js';
import { type RelatedFile, relatedFilesLine, relatedFilesOf } from './related-files.js';
import {
  renderMiniCodebase,
  type SelectedSymbol,
  type SymbolDetail,
  snippetLines,
} from './mini-codebase-renderer.js';
import {
  filesNamedInDescription,
  findSeedDefinitions,
  seedSymbolsFromDescription,
} from './seed-extractor.js';
import {
  compareLocations,
  type NeighbourRelation,
  type ReachedSymbol,
  reachSymbols,
} from './symbol-neighbourhood.js';

/** Options of {@link buildMiniCodebase}. */
export interface MiniCodebaseOptions {
  /** Symbols to start from: `name` or `Parent.name`. @defaultValue identifiers named in `description` */
  seedSymbols?: string[];
  /**
   * Task description, mined for known identifiers when no seed symbol resolves, and failing those
   * for file paths (whose top-level symbols become the seeds). @defaultValue ''
   */
  description?: string;
  /** Maximum number of lines of the markdown output, headings and fences included. @defaultValue 400 */
  lineBudget?: number;
  /** Graph distance explored from the seeds. @defaultValue 2 */
  maxDepth?: number;
  /** Distances up to this one get full bodies (when they fit); farther ones get signatures. @defaultValue 1 */
  bodyDepth?: number;
}

/** A symbol of the MiniCodebase. Lines are 1-based, inclusive, of the whole definition. */
export interface ContextSymbol {
  name: string;
  kind: SymbolKind;
  parent?: string;
  file: string;
  startLine: number;
  endLine: number;
  distance: number;
  relation: NeighbourRelation;
  signature: string;
  detail: SymbolDetail;
}

/** A file contributing to the MiniCodebase. */
export interface ContextFile {
  path: string;
  language: SourceLanguage;
  /** Smallest distance of the file's symbols. */
  distance: number;
  symbols: string[];
}

/** The context of a task: markdown for prompts and its structured form. */
export interface MiniCodebase {
  markdown: string;
  /** Seeds actually used: symbol specs (given, or named in the description), else file paths the description names. */
  seeds: string[];
  symbols: ContextSymbol[];
  files: ContextFile[];
  /** Importers and imports of the seeds' files not otherwise shown (listed in the markdown when the budget allows). */
  relatedFiles: RelatedFile[];
  /** Reached symbols left out for lack of budget. */
  omitted: number;
}

const KIND_PRIORITY: Partial<Record<SymbolKind, number>> = {
  interface: 0,
  type: 0,
  struct: 0,
  trait: 0,
  enum: 1,
  class: 1,
};
const RELATION_PRIORITY: Record<NeighbourRelation, number> = {
  seed: 0,
  references: 1,
  'member-of': 2,
  'referenced-by': 3,
};

/** Builds the MiniCodebase of DESIGN §10 from a code graph. */
export function buildMiniCodebase(graph: CodeGraph, options: MiniCodebaseOptions = {}): MiniCodebase {
  const lineBudget = options.lineBudget ?? 400;
  const { seeds, locations } = resolveSeeds(graph, options);
  const reached = reachSymbols(graph, locations, options.maxDepth ?? 2).sort(compareReached);
  const { selected, used } = selectWithinBudget(graph, reached, seeds, lineBudget, options.bodyDepth ?? 1);
  const seedFiles = new Set(locations.map((location) => location.file));
  const relatedFiles = relatedFilesOf(
    graph.importEdges(),
    seedFiles,
    new Set(selected.map((node) => node.file)),
  );
  let markdown = renderMiniCodebase(seeds, selected, (path) => graph.file(path)!.language);
  const relatedLine = relatedFilesLine(relatedFiles);
  if (relatedLine && used + 2 <= lineBudget) markdown += `\n\n${relatedLine}`;
  return {
    markdown: markdown.split('\n').slice(0, Math.max(0, lineBudget)).join('\n'),
    seeds,
    symbols: selected.map(toContextSymbol),
    files: summariseFiles(graph, selected),
    relatedFiles,
    omitted: reached.length - selected.length,
  };
}

/** Seed specs, else identifiers of the description, else the top-level symbols of files it names. */
function resolveSeeds(graph: CodeGraph, options: MiniCodebaseOptions) {
  const given = (options.seedSymbols ?? []).filter((spec) => findSeedDefinitions(spec, graph).length > 0);
  const description = options.description ?? '';
  const seeds = given.length > 0 ? given : seedSymbolsFromDescription(description, graph);
  if (seeds.length === 0) {
    const files = filesNamedInDescription(description, graph.filePaths);
    const locations = files.flatMap((file) =>
      graph
        .file(file)!
        .symbols.filter((symbol) => !symbol.parent)
        .map((symbol) => ({ file, symbol })),
    );
    return { seeds: files, locations };
  }
  const locations = seeds.flatMap((spec) => findSeedDefinitions(spec, graph)).sort(compareLocations);
  return { seeds, locations };
}

function compareReached(a: ReachedSymbol, b: ReachedSymbol): number {
  return (
    a.distance - b.distance ||
    RELATION_PRIORITY[a.relation] - RELATION_PRIORITY[b.relation] ||
    b.links - a.links ||
    (KIND_PRIORITY[a.symbol.kind] ?? 2) - (KIND_PRIORITY[b.symbol.kind] ?? 2) ||
    compareLocations(a, b)
  );
}

/** Greedy selection in rank order; costs are counted exactly as the renderer lays lines out. */
function selectWithinBudget(
  graph: CodeGraph,
  ranked: ReachedSymbol[],
  seeds: string[],
  budget: number,
  bodyDepth: number,
) {
  const selected: SelectedSymbol[] = [];
  const files = new Set<string>();
  let used = seeds.length > 0 ? 2 : 1;
  for (const node of ranked) {
    if (selected.some((other) => other.detail === 'body' && contains(other, node))) continue;
    const overhead = 1 + (files.has(node.file) ? 0 : 4);
    const remaining = budget - used - overhead;
    const text = graph.file(node.file)!.text;
    const wrapsShown = selected.some((other) => contains(node, other));
    const choice = chooseDetail(node, text, remaining, wrapsShown ? -1 : bodyDepth, budget);
    if (!choice) continue;
    selected.push({ ...node, ...choice });
    files.add(node.file);
    used += overhead + choice.lines.length;
  }
  return { selected, used };
}

/** Neighbours' bodies longer than this share of the budget are shown as signatures, leaving room for breadth. */
const NEIGHBOUR_BODY_SHARE = 0.25;

function chooseDetail(
  node: ReachedSymbol,
  text: string,
  remaining: number,
  bodyDepth: number,
  budget: number,
) {
  if (remaining <= 0) return undefined;
  const signature = snippetLines(node.symbol, text, 'signature');
  if (node.distance <= bodyDepth) {
    const body = snippetLines(node.symbol, text, 'body');
    const affordable = node.distance === 0 || body.length <= budget * NEIGHBOUR_BODY_SHARE;
    if (body.length <= remaining && affordable) return { detail: 'body' as const, lines: body };
    if (node.distance === 0 && remaining > signature.length + 1) {
      return { detail: 'truncated-body' as const, lines: [...body.slice(0, remaining - 1), '…'] };
    }
  }
  return signature.length <= remaining ? { detail: 'signature' as const, lines: signature } : undefined;
}

function contains(outer: SymbolLocation, inner: SymbolLocation): boolean {
  return (
    outer.file === inner.file &&
    outer.symbol.start <= inner.symbol.start &&
    inner.symbol.end <= outer.symbol.end
  );
}

function toContextSymbol(node: SelectedSymbol): ContextSymbol {
  const { symbol } = node;
  return {
    name: symbol.name,
    kind: symbol.kind,
    ...(symbol.parent ? { parent: symbol.parent } : {}),
    file: node.file,
    startLine: symbol.startLine,
    endLine: symbol.endLine,
    distance: node.distance,
    relation: node.relation,
    signature: symbol.signature,
    detail: node.detail,
  };
}

function summariseFiles(graph: CodeGraph, selected: SelectedSymbol[]): ContextFile[] {
  const files = new Map<string, ContextFile>();
  for (const node of selected) {
    const file = files.get(node.file);
    if (file) {
      file.distance = Math.min(file.distance, node.distance);
      file.symbols.push(node.symbol.name);
    } else {
      files.set(node.file, {
        path: node.file,
        language: graph.file(node.file)!.language,
        distance: node.distance,
        symbols: [node.symbol.name],
      });
    }
  }
  return [...files.values()];
}
