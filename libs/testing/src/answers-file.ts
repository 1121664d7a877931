import { readFile } from 'node:fs/promises';
import type { FakeLlmRule } from './fake-llm-rules.js';
import type { FakeLlmServerOptions } from './fake-llm-server.js';

/**
 * The JSON answers file of the standalone fake server:
 * `{ "seed"?, "defaultAnswer"?, "answers"?: {lastUserMessage: answer}, "rules"?: FakeLlmRule[] }`
 * (rule `match` strings are substrings unless `"matchRegex": true`).
 */
export interface FakeLlmAnswersFile {
  seed?: number;
  defaultAnswer?: string;
  answers?: Record<string, string>;
  rules?: FakeLlmRule[];
  models?: string[];
}

/** Reads an answers file into server options. */
export async function loadAnswersFile(path: string): Promise<FakeLlmServerOptions> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as FakeLlmAnswersFile;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path}: expected a JSON object`);
  }
  for (const [i, rule] of (parsed.rules ?? []).entries()) {
    if (typeof rule.answer !== 'string') throw new Error(`${path}: rules[${i}].answer must be a string`);
  }
  return {
    seed: parsed.seed,
    defaultAnswer: parsed.defaultAnswer,
    answers: parsed.answers,
    rules: parsed.rules,
    models: parsed.models,
  };
}
