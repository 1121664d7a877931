import type { SourceLanguage, SymbolDefinition } from './code-model.js';
import type { ReachedSymbol } from './symbol-neighbourhood.js';

/** How much of a symbol the MiniCodebase shows. */
export type SymbolDetail = 'body' | 'truncated-body' | 'signature';

/** A reached symbol chosen for output, with its detail level and the lines shown. */
export interface SelectedSymbol extends ReachedSymbol {
  detail: SymbolDetail;
  lines: string[];
}

const FENCE_LANGUAGE: Record<SourceLanguage, string> = {
  typescript: 'ts',
  javascript: 'js',
  python: 'python',
  go: 'go',
  rust: 'rust',
};

/** The source lines shown for a symbol at a detail level (a signature gets an ellipsis for its body). */
export function snippetLines(
  symbol: SymbolDefinition,
  text: string,
  detail: Exclude<SymbolDetail, 'truncated-body'>,
): string[] {
  const lineStart = text.lastIndexOf('\n', symbol.start - 1) + 1;
  const indent = text.slice(lineStart, symbol.start);
  const prefix = /^\s*$/.test(indent) ? indent : '';
  if (detail === 'body') return (prefix + text.slice(symbol.start, symbol.end)).split('\n');
  const whole = text.slice(symbol.start, symbol.end).trimEnd();
  const lines = (prefix + symbol.signature).split('\n');
  if (symbol.signature.trimEnd() !== whole) lines[lines.length - 1] += ' …';
  return lines;
}

function commentPrefix(language: SourceLanguage): string {
  return language === 'python' ? '#' : '//';
}

/**
 * Markdown layout (the budget counts every line): a title, a seeds line, then per file a
 * blank line, a `### path` heading, a fence, one comment line per snippet plus its lines, a fence.
 */
export function renderMiniCodebase(
  seeds: string[],
  selected: SelectedSymbol[],
  languageOf: (path: string) => SourceLanguage,
): string {
  const lines = ['# MiniCodebase'];
  if (seeds.length > 0) lines.push(`Seeds: ${seeds.map((seed) => `\`${seed}\``).join(', ')}`);
  const byFile = new Map<string, SelectedSymbol[]>();
  for (const node of selected) byFile.set(node.file, [...(byFile.get(node.file) ?? []), node]);
  for (const [path, nodes] of byFile) {
    const language = languageOf(path);
    lines.push('', `### ${path}`, `\`\`\`${FENCE_LANGUAGE[language]}`);
    for (const node of [...nodes].sort((a, b) => a.symbol.start - b.symbol.start)) {
      lines.push(`${commentPrefix(language)} ${describe(node)}`, ...node.lines);
    }
    lines.push('```');
  }
  return lines.join('\n');
}

function describe(node: SelectedSymbol): string {
  const { symbol } = node;
  const name = symbol.parent ? `${symbol.parent}.${symbol.name}` : symbol.name;
  const range =
    symbol.startLine === symbol.endLine ? `L${symbol.startLine}` : `L${symbol.startLine}-${symbol.endLine}`;
  const how = node.distance === 0 ? 'seed' : `distance ${node.distance}, ${node.relation}`;
  return `${symbol.kind} ${name} (${range}, ${how}${node.detail === 'body' ? '' : `, ${node.detail}`})`;
}
