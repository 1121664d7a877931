import { extractFileFacts, languageOfPath } from '@maker/context';
import { emptyReport, type RedFlagReport, type SyntaxErrorFlag } from './red-flag-report.js';

/** A file's path and proposed content (e.g. a Coder result's `FILE:` block). */
export interface FileContent {
  path: string;
  content: string;
}

/**
 * `check_red_flags(code)`: syntax errors of a piece of text. The language comes from `path`'s
 * extension; text of an unsupported language reports nothing.
 * @defaultValue path `snippet.ts`
 */
export function checkTextRedFlags(code: string, path = 'snippet.ts'): Promise<RedFlagReport> {
  return checkFileContentsRedFlags([{ path, content: code }]);
}

/** Syntax errors of several proposed files at once (no repository needed), in the report shape. */
export async function checkFileContentsRedFlags(files: readonly FileContent[]): Promise<RedFlagReport> {
  const report = emptyReport();
  for (const file of files) report.syntax_errors.push(...(await syntaxErrorsOf(file)));
  report.reasons = report.syntax_errors.map(
    (e) => `syntax error: ${e.file}:${e.line}:${e.column}: ${e.message}`,
  );
  report.flagged = report.reasons.length > 0;
  return report;
}

async function syntaxErrorsOf({ path, content }: FileContent): Promise<SyntaxErrorFlag[]> {
  if (!languageOfPath(path)) return [];
  const facts = await extractFileFacts(path, content);
  return (facts?.syntaxErrors ?? []).map((error) => ({ file: path, ...error }));
}
