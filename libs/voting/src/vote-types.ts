import type { AtomCallRef, AtomJournal } from './atom-journal.js';
import type { Matcher, MatcherName } from './matchers.js';

/** A red flag on a sample (same shape as `@maker/atoms`' RedFlag). */
export interface SampleRedFlag {
  code: string;
  reason: string;
}

/** What a sampler is asked for. */
export interface SampleRequest {
  /** 0-based index of the sample within its call (stable across re-runs). */
  sampleIndex: number;
  temperature: number;
  /** Prompt variant: 0 normally, 1, 2… for retries after a failed attempt. */
  variant: number;
  signal: AbortSignal;
}

/** One sample as drawn (and journaled): plain JSON. */
export interface SampleResult {
  text: string;
  /** Red flags found by the sampler (over the token cap, truncated, contract broken…); empty = may vote. */
  redFlags: SampleRedFlag[];
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  costUsd?: number;
  model?: string;
  latencyMs?: number;
  /** The variant and temperature that produced it. */
  variant?: number;
  temperature?: number;
}

/** Draws one sample; throwing counts as a failed attempt (retried with another variant). */
export type Sampler = (request: SampleRequest) => Promise<SampleResult>;

/** Where a call's samples and result are journaled. */
export interface JournalBinding {
  journal: AtomJournal;
  call: AtomCallRef;
}

/** Reported after every counted or discarded sample, with the running race. */
export interface SampleEvent {
  sampleIndex: number;
  round: number;
  status: 'vote' | 'red_flag';
  /** Display label of the candidate the sample voted for. */
  candidate?: string;
  /** Running votes per candidate label. */
  votes: Record<string, number>;
  leader?: string;
  /** Leader's votes minus the runner-up's. */
  margin: number;
  discarded: number;
  /** True when the sample came from the journal. */
  replayed: boolean;
  sample: SampleResult;
}

export interface RedFlagEvent {
  sampleIndex: number;
  round: number;
  reasons: string[];
  flags: SampleRedFlag[];
}

export interface SampleErrorEvent {
  sampleIndex: number;
  /** 0-based attempt that failed. */
  attempt: number;
  error: unknown;
  willRetry: boolean;
}

/** Options of {@link runVote}. */
export interface VoteOptions {
  /** The margin: a candidate wins with k more votes than any other (a lone candidate needs k). */
  k: number;
  /** @defaultValue 'exact' */
  matcher?: MatcherName | Matcher;
  /** Samples drawn at most (valid and red-flagged). @defaultValue max(20, 10·k) */
  maxSamples?: number;
  /** Time budget of the whole vote. @defaultValue 120000 */
  timeoutMs?: number;
  /** Temperature of every sample after the first (which is drawn at 0). @defaultValue 0.1 */
  temperature?: number;
  /** Attempts per sample slot when the sampler throws, each with the next prompt variant. @defaultValue 3 */
  maxAttemptsPerSample?: number;
  journal?: JournalBinding;
  /** Aborting it abandons the vote with a {@link VoteAbortedError}. */
  signal?: AbortSignal;
  onSample?: (event: SampleEvent) => void;
  onRedFlag?: (event: RedFlagEvent) => void;
  onSampleError?: (event: SampleErrorEvent) => void;
}

/** One group of matching samples. */
export interface VoteCandidate {
  /** Display label (the key, shortened with a hash when long). */
  label: string;
  key: string;
  votes: number;
  /** Original text of its lowest-index sample. */
  text: string;
  sampleIndices: number[];
}

/** Counters common to every outcome. */
export interface VoteStats {
  k: number;
  matcher: string;
  /** Votes per candidate label. */
  votes: Record<string, number>;
  candidates: VoteCandidate[];
  /** Samples drawn (valid + red-flagged). */
  samples: number;
  /** Red-flagged (discarded) samples. */
  discarded: number;
  /** Sampler attempts that threw. */
  failedAttempts: number;
  rounds: number;
  elapsedMs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  redFlags: { sampleIndex: number; reasons: string[] }[];
  /** True when the whole outcome came from the journal. */
  replayed: boolean;
}

/**
 * How a vote ended. The orchestrator maps: `timeout` → retry with k+1 and a larger budget;
 * `no_consensus` / `all_red_flagged` → escalate; `sampler_failed` → single-atom failure (provider kept failing).
 */
export type VoteOutcome = VoteStats &
  (
    | { status: 'decided'; winner: string; winnerKey: string; winnerLabel: string; winnerSampleIndex: number }
    | { status: 'timeout' }
    | { status: 'no_consensus' }
    | { status: 'all_red_flagged' }
    | { status: 'sampler_failed'; error: { code?: string; message: string } }
  );

export type VoteStatus = VoteOutcome['status'];
