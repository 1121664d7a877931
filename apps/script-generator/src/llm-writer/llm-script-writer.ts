import type { JobPayload } from '@maker/contracts';
import type { ChatProvider } from '@maker/llm';
import { ScriptChecker } from '../checking/script-checker.js';
import { extractScript, HOST_API_REFERENCE, scriptPrompt } from './host-api-prompt.js';

export type WrittenScript =
  | { ok: true; script: string; tries: number }
  | { ok: false; errors: string[]; tries: number };

/**
 * Asks the LLM for a script and statically checks it; a script that fails the checks is
 * regenerated with the errors as feedback, up to `maxTries`.
 */
export class LlmScriptWriter {
  constructor(
    private readonly provider: ChatProvider,
    private readonly model: string,
    private readonly checker: ScriptChecker,
    private readonly maxTries: number,
  ) {}

  async write(
    job: JobPayload<'generate'>,
    contextMarkdown: string,
    signal?: AbortSignal,
  ): Promise<WrittenScript> {
    let errors: string[] = [];
    for (let tries = 1; tries <= this.maxTries; tries++) {
      const completion = await this.provider.complete({
        model: this.model,
        temperature: 0,
        maxTokens: 1_500,
        signal,
        messages: [
          { role: 'system', content: HOST_API_REFERENCE },
          { role: 'user', content: scriptPrompt(job, contextMarkdown, errors) },
        ],
      });
      const script = extractScript(completion.text);
      errors = ScriptChecker.describe(this.checker.check(script));
      if (errors.length === 0 && script.length > 0) return { ok: true, script, tries };
      if (script.length === 0) errors = ['the answer held no script'];
    }
    return { ok: false, errors, tries: this.maxTries };
  }
}
