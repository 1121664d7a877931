import { type Matcher, matcherByName } from './matchers.js';
import { notify, raceDeadline, TIMED_OUT } from './observers-and-deadlines.js';
import { type DrawResult, SampleDrawer } from './sample-drawer.js';
import { VoteTally } from './vote-tally.js';
import type {
  SampleRedFlag,
  SampleResult,
  Sampler,
  VoteOptions,
  VoteOutcome,
  VoteStats,
} from './vote-types.js';
import { describeError, VoteAbortedError, VoteOptionsError } from './voting-errors.js';

/** Default time budget of a vote. */
export const DEFAULT_VOTE_TIMEOUT_MS = 120_000;
/** Default temperature after the first sample (the paper's 0.1). */
export const DEFAULT_VOTE_TEMPERATURE = 0.1;
/** Default sample cap for margin k. */
export const defaultMaxSamples = (k: number): number => Math.max(20, 10 * k);

/**
 * First-to-ahead-by-k (MAKER, Algorithm 2 with red flags of Algorithm 3): a first round of k samples
 * in parallel (the first at temperature 0), then rounds of only as many samples as could still
 * decide (k minus the leader's margin), until a candidate leads every other by k. Red-flagged or
 * unmatchable samples are discarded. Journaled samples replay; a journaled result returns at once.
 */
export async function runVote(sampler: Sampler, options: VoteOptions): Promise<VoteOutcome> {
  const matcher = resolveOptions(options);
  const binding = options.journal;
  const journaled = binding ? await binding.journal.load(binding.call) : undefined;
  if (journaled?.result !== undefined) return { ...(journaled.result as VoteOutcome), replayed: true };
  const outcome = await new VoteRun(sampler, options, matcher, journaled?.samples).execute();
  return binding ? binding.journal.recordResult(binding.call, outcome) : outcome;
}

function resolveOptions(options: VoteOptions): Matcher {
  if (!Number.isInteger(options.k) || options.k < 1)
    throw new VoteOptionsError(`k must be an integer ≥ 1, got ${options.k}`);
  const max = options.maxSamples ?? defaultMaxSamples(options.k);
  if (!Number.isInteger(max) || max < options.k)
    throw new VoteOptionsError(`max samples (${max}) must be ≥ k (${options.k})`);
  try {
    return typeof options.matcher === 'object' ? options.matcher : matcherByName(options.matcher ?? 'exact');
  } catch (error) {
    throw new VoteOptionsError((error as Error).message);
  }
}

class VoteRun {
  private readonly tally = new VoteTally();
  private readonly drawer: SampleDrawer;
  private readonly abort = new AbortController();
  private readonly started = Date.now();
  private readonly stats = {
    samples: 0,
    discarded: 0,
    rounds: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  };
  private readonly redFlags: VoteStats['redFlags'] = [];
  private failure?: unknown;

  constructor(
    sampler: Sampler,
    private readonly options: VoteOptions,
    private readonly matcher: Matcher,
    journaledSamples?: Map<number, SampleResult>,
  ) {
    const binding = options.journal;
    this.drawer = new SampleDrawer({
      sampler,
      maxAttempts: options.maxAttemptsPerSample,
      retryTemperature: options.temperature ?? DEFAULT_VOTE_TEMPERATURE,
      journal: binding && { ...binding, samples: journaledSamples ?? new Map() },
      onSampleError: options.onSampleError,
    });
  }

  async execute(): Promise<VoteOutcome> {
    const { k } = this.options;
    const maxSamples = this.options.maxSamples ?? defaultMaxSamples(k);
    const deadline = this.started + (this.options.timeoutMs ?? DEFAULT_VOTE_TIMEOUT_MS);
    const onCallerAbort = () => this.abort.abort(new VoteAbortedError());
    this.options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      for (let drawn = 0; ; ) {
        if (this.options.signal?.aborted) throw new VoteAbortedError();
        const winner = this.tally.winner(k);
        if (winner) return this.decided(winner.key);
        if (this.failure !== undefined)
          return this.ended({ status: 'sampler_failed', error: describeError(this.failure) });
        if (drawn >= maxSamples)
          return this.ended(
            this.stats.discarded > 0 && this.tally.validVotes === 0
              ? { status: 'all_red_flagged' }
              : { status: 'no_consensus' },
          );
        const size = Math.min(this.stats.rounds === 0 ? k : this.tally.needed(k), maxSamples - drawn);
        const round = ++this.stats.rounds;
        const draws = Array.from({ length: size }, (_, i) => this.drawAndCount(drawn + i, round));
        drawn += size;
        if ((await raceDeadline(Promise.all(draws), deadline)) === TIMED_OUT) {
          this.abort.abort(new Error('vote time budget exceeded'));
          if (this.options.signal?.aborted) throw new VoteAbortedError();
          return this.ended({ status: 'timeout' });
        }
      }
    } finally {
      this.options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async drawAndCount(sampleIndex: number, round: number): Promise<void> {
    const temperature = sampleIndex === 0 ? 0 : (this.options.temperature ?? DEFAULT_VOTE_TEMPERATURE);
    const result: DrawResult = await this.drawer.draw(sampleIndex, temperature, this.abort.signal);
    if (this.abort.signal.aborted) return;
    if (result.kind === 'failed') this.failure ??= result.error;
    if (result.kind !== 'sample') return;
    this.count(sampleIndex, round, result.sample, result.replayed);
  }

  private count(sampleIndex: number, round: number, sample: SampleResult, replayed: boolean): void {
    this.stats.samples++;
    this.stats.promptTokens += sample.promptTokens ?? 0;
    this.stats.completionTokens += sample.completionTokens ?? 0;
    this.stats.costUsd += sample.costUsd ?? 0;
    const { flags, key } = this.classify(sample);
    let candidate: string | undefined;
    if (key === undefined) {
      const reasons = flags.map((f) => f.reason);
      this.stats.discarded++;
      this.redFlags.push({ sampleIndex, reasons });
      notify(this.options.onRedFlag, { sampleIndex, round, reasons, flags });
    } else {
      candidate = this.tally.add(key, sampleIndex, sample.text).label;
    }
    this.emitSample(sampleIndex, round, sample, replayed, candidate);
  }

  /**
   * The candidate key of a valid sample, or the red flags that discard it: the sampler's, plus
   * truncation (finish reason `length`) and answers the matcher cannot compare, as a safety net.
   */
  private classify(sample: SampleResult): { flags: SampleRedFlag[]; key?: string } {
    const flags = [...(sample.redFlags ?? [])];
    if (sample.finishReason === 'length' && !flags.some((f) => f.code === 'truncated')) {
      flags.push({ code: 'truncated', reason: 'answer truncated at the token limit' });
    }
    if (flags.length > 0) return { flags };
    const key = this.matcher.key(sample.text);
    if (key !== undefined) return { flags, key };
    return {
      flags: [
        { code: 'unmatchable', reason: `answer cannot be compared by the ${this.matcher.name} matcher` },
      ],
    };
  }

  private emitSample(
    sampleIndex: number,
    round: number,
    sample: SampleResult,
    replayed: boolean,
    candidate?: string,
  ) {
    if (!this.options.onSample) return;
    notify(this.options.onSample, {
      sampleIndex,
      round,
      status: candidate === undefined ? 'red_flag' : 'vote',
      candidate,
      votes: this.tally.votesByLabel(),
      leader: this.tally.ranked()[0]?.label,
      margin: this.tally.margin(),
      discarded: this.stats.discarded,
      replayed,
      sample,
    });
  }

  private decided(key: string): VoteOutcome {
    const winner = this.tally.candidates().find((c) => c.key === key)!;
    return this.ended({
      status: 'decided',
      winner: winner.text,
      winnerKey: winner.key,
      winnerLabel: winner.label,
      winnerSampleIndex: winner.sampleIndices[0]!,
    });
  }

  private ended<T extends object>(ending: T): VoteStats & T {
    return {
      k: this.options.k,
      matcher: this.matcher.name,
      votes: this.tally.votesByLabel(),
      candidates: this.tally.candidates(),
      ...this.stats,
      failedAttempts: this.drawer.failedAttempts,
      elapsedMs: Date.now() - this.started,
      redFlags: [...this.redFlags].sort((a, b) => a.sampleIndex - b.sampleIndex),
      replayed: false,
      ...ending,
    };
  }
}
