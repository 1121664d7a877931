import type { SymbolLocation } from './code-model.js';

/** Lookup of definitions by name, as the seed extractor needs it. */
export interface DefinitionLookup {
  definitionsNamed(name: string): SymbolLocation[];
}

const IDENTIFIER = /`([^`]+)`|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const STOP_WORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'this',
  'that',
  'into',
  'add',
  'use',
  'new',
  'get',
  'set',
]);

/**
 * Identifiers named in a task description that match known definitions, most specific first:
 * back-ticked or identifier-shaped words (camelCase, PascalCase, snake_case, dotted) before
 * plain words, which are used only when nothing identifier-shaped matched.
 */
export function seedSymbolsFromDescription(
  description: string,
  lookup: DefinitionLookup,
  maxSeeds = 8,
): string[] {
  const shaped: string[] = [];
  const plain: string[] = [];
  for (const match of description.matchAll(IDENTIFIER)) {
    const quoted = match[1] !== undefined;
    for (const token of candidateTokens(quoted ? match[1]! : match[0])) {
      if (token.length < 2 || STOP_WORDS.has(token.toLowerCase()) || !isKnown(token, lookup)) continue;
      const list = quoted || isIdentifierShaped(token) ? shaped : plain;
      if (!list.includes(token)) list.push(token);
    }
  }
  return (shaped.length > 0 ? shaped : plain).slice(0, maxSeeds);
}

function candidateTokens(text: string): string[] {
  const cleaned = text.replace(/\(.*$/, '').trim();
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(cleaned)) return [];
  if (!cleaned.includes('.')) return [cleaned];
  const parts = cleaned.split('.');
  return [parts.slice(-2).join('.'), parts.at(-1)!];
}

function isIdentifierShaped(token: string): boolean {
  return /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]|_|\d|\./.test(token) || /^[A-Z][a-zA-Z]{2,}$/.test(token);
}

function isKnown(token: string, lookup: DefinitionLookup): boolean {
  return findSeedDefinitions(token, lookup).length > 0;
}

/** Definitions a seed spec names: `name` or `Parent.name` (member of a class, impl or receiver). */
export function findSeedDefinitions(spec: string, lookup: DefinitionLookup): SymbolLocation[] {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) return lookup.definitionsNamed(spec);
  const parent = spec.slice(0, dot);
  return lookup.definitionsNamed(spec.slice(dot + 1)).filter((location) => location.symbol.parent === parent);
}

const PATH_TOKEN = /[\w.@-]*(?:\/[\w.@-]+)*\.(?:[cm]?[jt]sx?|py|go|rs)\b/g;

/** Repository files a description names by path (exact, or a unique `/`-suffix such as `orders/place-order.ts`). */
export function filesNamedInDescription(
  description: string,
  filePaths: readonly string[],
  maxFiles = 4,
): string[] {
  const named: string[] = [];
  for (const [token] of description.matchAll(PATH_TOKEN)) {
    const path = token.replace(/^\.\//, '');
    const matches = filePaths.filter((file) => file === path || file.endsWith(`/${path}`));
    if (matches.length === 1 && !named.includes(matches[0]!)) named.push(matches[0]!);
  }
  return named.slice(0, maxFiles);
}
