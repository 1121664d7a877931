import { buildCodeGraph, type CodeGraph, type ImportEdge, type ParseCache } from '@maker/context';
import {
  type BeforeSource,
  type ChangeContents,
  type ChangedFile,
  loadChangeContents,
} from './change-set.js';
import { MissingBeforeStateError } from './errors.js';
import { findCycles } from './import-cycles.js';
import { type ArchitectureLayer, LayerRules } from './layer-rules.js';
import {
  type LayerViolation,
  type RedFlagReport,
  type SyntaxErrorFlag,
  formatCycle,
} from './red-flag-report.js';

/** What to check: a checkout after a change, the changed files, and the before state. */
export interface RedFlagCheckInput {
  /** The repository directory after the change. */
  rootDir: string;
  /** Changed, added and deleted files (repo-relative); plain paths get their status inferred. */
  changes: ReadonlyArray<ChangedFile | string>;
  /**
   * The before state: a directory, or a reader returning `undefined` for files that did not exist.
   * Not read when `baseGraph` is given (required otherwise).
   */
  before?: BeforeSource;
  /** The plan's `architecture.layers`. @defaultValue [] (no layer checks) */
  layers?: readonly ArchitectureLayer[];
  /**
   * A graph of the before state of `rootDir` (e.g. kept from the previous check's `afterGraph`);
   * only the changed files are then read and parsed. @defaultValue built from `rootDir` through the parse cache
   */
  baseGraph?: CodeGraph;
  /** Parse cache for graphs built here. @defaultValue the process-wide shared cache */
  cache?: ParseCache;
  /** Leave `import type` edges out of cycle detection (they vanish at runtime). @defaultValue false */
  ignoreTypeOnlyImports?: boolean;
  /** At most this many cycles are listed in the report. @defaultValue 20 */
  maxCycles?: number;
}

/** The report with the graphs it was computed from (keep `afterGraph` as the next `baseGraph`). */
export interface ChangeAnalysis {
  report: RedFlagReport;
  beforeGraph: CodeGraph;
  afterGraph: CodeGraph;
}

/** Checks a change for introduced import cycles, layer violations and syntax errors (DESIGN §7). */
export async function checkRedFlags(input: RedFlagCheckInput): Promise<RedFlagReport> {
  return (await analyseChange(input)).report;
}

/** {@link checkRedFlags}, also returning the before and after graphs for reuse. */
export async function analyseChange(input: RedFlagCheckInput): Promise<ChangeAnalysis> {
  const { baseGraph } = input;
  if (!baseGraph && input.before === undefined) throw new MissingBeforeStateError();
  const existedBefore = baseGraph ? (path: string) => baseGraph.file(path) !== undefined : undefined;
  const contents = await loadChangeContents(input.rootDir, input.changes, input.before, existedBefore);
  const { beforeGraph, afterGraph } = await beforeAndAfterGraphs(input, contents);
  const keep = (edge: ImportEdge) => !(input.ignoreTypeOnlyImports && edge.typeOnly);
  const beforeKeys = new Set(beforeGraph.importEdges().filter(keep).map(edgeKey));
  const afterEdges = afterGraph.importEdges().filter(keep);
  const addedEdges = afterEdges.filter((edge) => !beforeKeys.has(edgeKey(edge)));
  const cycles = findCycles(afterEdges, addedEdges, input.maxCycles ?? 20);
  const layerViolations = input.layers?.length ? findLayerViolations(input.layers, addedEdges) : [];
  const syntaxErrors = collectSyntaxErrors(afterGraph, contents.changes);
  const reasons = [
    ...cycles.introduced.map((cycle) => `import cycle introduced: ${formatCycle(cycle)}`),
    ...layerViolations.map(describeViolation),
    ...syntaxErrors.map(
      (error) => `syntax error: ${error.file}:${error.line}:${error.column}: ${error.message}`,
    ),
  ];
  const report: RedFlagReport = {
    flagged: reasons.length > 0,
    introduced_cycle: cycles.introduced.length > 0,
    cycles: [...cycles.introduced, ...cycles.existing],
    betti_1: cycles.betti1,
    layer_violations: layerViolations,
    syntax_errors: syntaxErrors,
    reasons,
  };
  return { report, beforeGraph, afterGraph };
}

/** Derives the graph of one side from the other, so that only the changed files are parsed. */
async function beforeAndAfterGraphs(input: RedFlagCheckInput, contents: ChangeContents) {
  if (input.baseGraph) {
    return { beforeGraph: input.baseGraph, afterGraph: await input.baseGraph.withContents(contents.after) };
  }
  const afterGraph = await buildCodeGraph(input.rootDir, { cache: input.cache });
  return { beforeGraph: await afterGraph.withContents(contents.before), afterGraph };
}

function edgeKey(edge: ImportEdge): string {
  return `${edge.from}\0${edge.to}`;
}

function findLayerViolations(
  layers: readonly ArchitectureLayer[],
  addedEdges: readonly ImportEdge[],
): LayerViolation[] {
  const rules = new LayerRules(layers);
  const violations: LayerViolation[] = [];
  for (const edge of addedEdges) {
    const fromLayer = rules.layerOf(edge.from);
    const toLayer = rules.layerOf(edge.to);
    if (!fromLayer || !toLayer || rules.allows(fromLayer, toLayer)) continue;
    violations.push({
      from: edge.from,
      to: edge.to,
      from_layer: fromLayer.name,
      to_layer: toLayer.name,
      specifier: edge.specifier,
      line: edge.line,
    });
  }
  return violations.sort((a, b) => (a.from === b.from ? a.line - b.line : a.from < b.from ? -1 : 1));
}

function describeViolation(violation: LayerViolation): string {
  return (
    `layer violation: ${violation.from}:${violation.line} (${violation.from_layer}) imports ` +
    `${violation.to} (${violation.to_layer}), which ${violation.from_layer} may not depend on`
  );
}

function collectSyntaxErrors(afterGraph: CodeGraph, changes: readonly ChangedFile[]): SyntaxErrorFlag[] {
  return changes
    .filter((change) => change.status !== 'deleted')
    .map((change) => change.path)
    .sort()
    .flatMap((path) =>
      (afterGraph.file(path)?.syntaxErrors ?? []).map((error) => ({ file: path, ...error })),
    );
}
