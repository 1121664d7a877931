import { extname } from 'node:path';
import type { SourceLanguage } from './code-model.js';

const LANGUAGE_BY_EXTENSION: Record<string, SourceLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.rs': 'rust',
};

/** File extensions the library parses. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(LANGUAGE_BY_EXTENSION);

/** The language of a path by its extension, or `undefined` when unsupported. */
export function languageOfPath(path: string): SourceLanguage | undefined {
  return LANGUAGE_BY_EXTENSION[extname(path).toLowerCase()];
}
