import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { FileFacts } from './code-model.js';
import { languageOfPath } from './source-language.js';
import { extractTreeSitterFacts } from './tree-sitter-extractor.js';
import { extractTsFacts } from './ts-symbol-extractor.js';

/** The content hash used as a parse-cache key (sha1 of the UTF-8 text). */
export function contentHashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Parses a file's text into {@link FileFacts}, by language; `undefined` for unsupported paths. */
export async function extractFileFacts(path: string, text: string): Promise<FileFacts | undefined> {
  const language = languageOfPath(path);
  if (language === 'typescript' || language === 'javascript') return extractTsFacts(path, text);
  if (language) return extractTreeSitterFacts(language, text);
  return undefined;
}

/** A bounded, content-hash keyed cache of parse results, shareable between graphs. */
export class ParseCache {
  private readonly entries = new Map<string, FileFacts>();
  /** Number of parses this cache performed (misses). */
  parses = 0;

  /**
   * @param maxEntries - entries kept (least recently used evicted first).
   * @defaultValue maxEntries 20_000
   */
  constructor(private readonly maxEntries = 20_000) {}

  /** The facts of `text` at `path`, parsed at most once per (extension, content hash). */
  async factsOf(
    path: string,
    text: string,
    contentHash = contentHashOf(text),
  ): Promise<FileFacts | undefined> {
    const key = `${extname(path).toLowerCase()}:${contentHash}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const facts = await extractFileFacts(path, text);
    if (!facts) return undefined;
    this.parses++;
    this.entries.set(key, facts);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return facts;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache used when none is given. */
export const sharedParseCache = new ParseCache();
