import type { ImportEdge } from './code-graph.js';

/** A file linked by an import to a file holding a seed, but contributing no symbol. */
export interface RelatedFile {
  path: string;
  /** `imports-seed-file`: it imports a seed's file (an importer); `imported-by-seed-file`: a seed's file imports it. */
  relation: 'imports-seed-file' | 'imported-by-seed-file';
}

/** Importers and imports of the seeds' files that the MiniCodebase does not already show. */
export function relatedFilesOf(
  edges: readonly ImportEdge[],
  seedFiles: ReadonlySet<string>,
  shownFiles: ReadonlySet<string>,
  max = 20,
): RelatedFile[] {
  const related = new Map<string, RelatedFile>();
  for (const edge of edges) {
    if (seedFiles.has(edge.from) && !shownFiles.has(edge.to) && !related.has(edge.to)) {
      related.set(edge.to, { path: edge.to, relation: 'imported-by-seed-file' });
    }
    if (seedFiles.has(edge.to) && !shownFiles.has(edge.from) && !related.has(edge.from)) {
      related.set(edge.from, { path: edge.from, relation: 'imports-seed-file' });
    }
  }
  return [...related.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).slice(0, max);
}

/** One markdown line listing related files, or `undefined` when there are none. */
export function relatedFilesLine(related: readonly RelatedFile[]): string | undefined {
  if (related.length === 0) return undefined;
  const label = (file: RelatedFile) =>
    file.relation === 'imports-seed-file' ? 'imports a seed file' : 'imported by a seed file';
  return `Related files: ${related.map((file) => `\`${file.path}\` (${label(file)})`).join(', ')}`;
}
