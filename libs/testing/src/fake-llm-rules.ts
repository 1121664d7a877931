import { createSeededRandom, hashString } from './seeded-random.js';

/** A forced HTTP failure (status plus optional Retry-After header value). */
export interface FakeLlmFailure {
  status: number;
  /** Retry-After header: seconds as a number, or any string (e.g. an HTTP date). */
  retryAfter?: number | string;
  message?: string;
}

/**
 * One programmable behaviour of the fake server. The first rule whose `match` fits the prompt
 * (all message contents joined by newlines) decides the answer.
 */
export interface FakeLlmRule {
  /** Substring, or regular expression (a string in JSON answer files is a substring unless `matchRegex`). */
  match?: string | RegExp;
  /** Treat a string `match` as a regular expression source. @defaultValue false */
  matchRegex?: boolean;
  /** The right answer. */
  answer: string;
  /** Wrong answers drawn when a sample is wrong. @defaultValue ['WRONG ANSWER'] */
  wrongAnswers?: string[];
  /** Probability the answer is right. @defaultValue 1 */
  pCorrect?: number;
  /** Latency before answering, fixed or a [min, max] range. @defaultValue 0 */
  latencyMs?: number | [number, number];
  /** Probability of an over-long answer cut off with finish_reason "length". @defaultValue 0 */
  lengthRate?: number;
  /** Probability of a malformed answer. @defaultValue 0 */
  malformedRate?: number;
  /** The malformed answer text. @defaultValue 'I am not sure... {"broken": ' */
  malformedAnswer?: string;
  /** Probability of an HTTP failure (`failure`, default 500). @defaultValue 0 */
  errorRate?: number;
  /** The failure sent at `errorRate` and for the first `failFirst` requests. @defaultValue { status: 500 } */
  failure?: FakeLlmFailure;
  /** The first N requests with the same prompt fail with `failure` (e.g. a 429 with Retry-After). @defaultValue 0 */
  failFirst?: number;
}

/** What the server decided to send for one request. */
export type FakeLlmDecision =
  | {
      kind: 'answer';
      text: string;
      finishReason: 'stop' | 'length';
      latencyMs: number;
      outcome: AnswerOutcome;
    }
  | { kind: 'failure'; failure: FakeLlmFailure; latencyMs: number };

export type AnswerOutcome = 'right' | 'wrong' | 'length' | 'malformed' | 'default';

const DEFAULT_MALFORMED = 'I am not sure... {"broken": ';

/** Returns whether a rule applies to a prompt. */
export function ruleMatches(rule: FakeLlmRule, prompt: string): boolean {
  if (rule.match === undefined) return true;
  if (rule.match instanceof RegExp) return rule.match.test(prompt);
  if (rule.matchRegex) return new RegExp(rule.match).test(prompt);
  return prompt.includes(rule.match);
}

/**
 * Decides deterministically: the random draws depend only on the seed, the prompt and how many
 * times this prompt was seen before, never on arrival order of different prompts.
 */
export function decide(rule: FakeLlmRule, prompt: string, occurrence: number, seed: number): FakeLlmDecision {
  const random = createSeededRandom(hashString(`${occurrence}\u0000${prompt}`, seed >>> 0));
  const latencyMs = drawLatency(rule.latencyMs, random);
  if (occurrence < (rule.failFirst ?? 0) || random() < (rule.errorRate ?? 0)) {
    return { kind: 'failure', failure: rule.failure ?? { status: 500 }, latencyMs };
  }
  if (random() < (rule.lengthRate ?? 0)) {
    return {
      kind: 'answer',
      text: overLong(rule.answer),
      finishReason: 'length',
      latencyMs,
      outcome: 'length',
    };
  }
  if (random() < (rule.malformedRate ?? 0)) {
    const text = rule.malformedAnswer ?? DEFAULT_MALFORMED;
    return { kind: 'answer', text, finishReason: 'stop', latencyMs, outcome: 'malformed' };
  }
  if (random() < (rule.pCorrect ?? 1)) {
    return { kind: 'answer', text: rule.answer, finishReason: 'stop', latencyMs, outcome: 'right' };
  }
  const wrong = rule.wrongAnswers?.length ? rule.wrongAnswers : ['WRONG ANSWER'];
  const text = wrong[Math.floor(random() * wrong.length)]!;
  return { kind: 'answer', text, finishReason: 'stop', latencyMs, outcome: 'wrong' };
}

function drawLatency(latency: FakeLlmRule['latencyMs'], random: () => number): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  const [min, max] = latency;
  return Math.round(min + random() * (max - min));
}

function overLong(answer: string): string {
  return `${answer}\n${'and then, on reflection, '.repeat(200)}`;
}

/** Approximate token count of a text: one token per 4 characters, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
