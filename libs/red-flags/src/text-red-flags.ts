import { extractFileFacts, languageOfPath } from '@maker/context';
import { emptyReport, type RedFlagReport } from './red-flag-report.js';

/**
 * `check_red_flags(code)`: syntax errors of a piece of text. The language comes from `path`'s
 * extension; text of an unsupported language reports nothing.
 * @defaultValue path `snippet.ts`
 */
export async function checkTextRedFlags(code: string, path = 'snippet.ts'): Promise<RedFlagReport> {
  const report = emptyReport();
  if (!languageOfPath(path)) return report;
  const facts = await extractFileFacts(path, code);
  report.syntax_errors = (facts?.syntaxErrors ?? []).map((error) => ({ file: path, ...error }));
  report.reasons = report.syntax_errors.map(
    (e) => `syntax error: ${e.file}:${e.line}:${e.column}: ${e.message}`,
  );
  report.flagged = report.reasons.length > 0;
  return report;
}
