import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { GrammarLoadError } from './errors.js';

/** Tree-sitter grammars this library loads from `tree-sitter-wasms`. */
export type TreeSitterGrammar = 'python' | 'go' | 'rust';

let initialised: Promise<void> | undefined;
const parsers = new Map<TreeSitterGrammar, Promise<Parser>>();

function grammarPath(grammar: TreeSitterGrammar): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('tree-sitter-wasms/package.json'));
  return join(packageDir, 'out', `tree-sitter-${grammar}.wasm`);
}

async function createParser(grammar: TreeSitterGrammar): Promise<Parser> {
  initialised ??= Parser.init();
  await initialised;
  try {
    const language = await Language.load(grammarPath(grammar));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  } catch (error) {
    throw new GrammarLoadError(grammar, error);
  }
}

/** A shared parser for a grammar, loaded once per process. */
export function treeSitterParser(grammar: TreeSitterGrammar): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = createParser(grammar);
    parser.catch(() => parsers.delete(grammar));
    parsers.set(grammar, parser);
  }
  return parser;
}
