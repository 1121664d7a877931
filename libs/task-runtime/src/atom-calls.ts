import { parseAtomType } from '@maker/contracts';
import { fromJs, type RhaiEngine, toJs, type Value } from '@maker/rhai';
import {
  createAtomSampler,
  MATCHER_NAMES,
  type MatcherName,
  runVote,
  spawnAtom,
  toSpawnAtomHostResult,
  toVoteHostResult,
  type VoteOutcome,
} from '@maker/voting';
import { withSpan } from '@maker/telemetry';
import type { ContextSource } from './context-source.js';
import type { RunState } from './run-state.js';
import type { TaskRuntimeOptions } from './runtime-options.js';

type Opts = Record<string, unknown>;

/** `spawn_atom` and `vote` (DESIGN §7, §8): journaled, evented LLM calls. */
export class AtomCalls {
  constructor(
    private readonly options: TaskRuntimeOptions,
    private readonly state: RunState,
    private readonly context: ContextSource,
  ) {}

  register(engine: RhaiEngine): void {
    const attributes = { 'maker.plan_id': this.options.planId, 'maker.task_id': this.options.taskId };
    const traced = <T>(name: string, work: () => Promise<T>) => withSpan(name, undefined, attributes, work);
    const spawn = (args: Value[], opts: Opts, signal?: AbortSignal) =>
      traced('maker.atom.spawn', () => this.spawn(args[0], args[1], opts, signal));
    const vote = (args: Value[], opts: Opts, signal?: AbortSignal) =>
      traced('maker.atom.vote', () => this.vote(args[0], args[1], args[2], opts, signal));
    engine.registerFunction('spawn_atom', 2, (args, ctx) => spawn(args, {}, ctx.signal), { async: true });
    engine.registerFunction('spawn_atom', 3, (args, ctx) => spawn(args, mapArg(args[2]), ctx.signal), {
      async: true,
    });
    engine.registerFunction('vote', 3, (args, ctx) => vote(args, {}, ctx.signal), { async: true });
    engine.registerFunction('vote', 4, (args, ctx) => vote(args, mapArg(args[3]), ctx.signal), {
      async: true,
    });
  }

  private async spawn(typeArg: Value, promptArg: Value, opts: Opts, signal?: AbortSignal) {
    const atomType = atomTypeOf(typeArg);
    const call = this.state.takeCallIndex();
    await this.options.emit({
      event: 'atom_spawned',
      message: `${atomType} atom (call ${call})`,
      data: { atom_type: atomType, call },
    });
    const sampler = await this.sampler(atomType, String(toJs(promptArg)), opts);
    const outcome = await spawnAtom(sampler, {
      temperature: typeof opts.temperature === 'number' ? opts.temperature : 0,
      journal: this.journal(call),
      signal,
    });
    if (outcome.status !== 'failed') {
      const { sample } = outcome;
      this.state.addUsage({
        samples: 1,
        promptTokens: sample.promptTokens,
        completionTokens: sample.completionTokens,
        costUsd: sample.costUsd,
      });
      if (outcome.status === 'red_flagged')
        await this.redFlag(
          call,
          sample.redFlags.map((f) => f.reason),
        );
    }
    await this.options.emit({
      event: 'atom_completed',
      message: `${atomType} atom ${outcome.status}`,
      data: atomCompletedData(atomType, call, outcome),
    });
    return fromJs(toSpawnAtomHostResult(outcome));
  }

  private async vote(typeArg: Value, promptArg: Value, kArg: Value, opts: Opts, signal?: AbortSignal) {
    const atomType = atomTypeOf(typeArg);
    const k = Number(toJs(kArg));
    if (!Number.isInteger(k) || k < 1)
      throw new Error(`vote: k must be a positive integer, got ${String(toJs(kArg))}`);
    const matcher = matcherOf(opts.matcher);
    const call = this.state.takeCallIndex();
    await this.options.emit({
      event: 'vote_started',
      message: `vote on a ${atomType} answer, k=${k}`,
      data: { atom_type: atomType, call, k, matcher },
    });
    const events: Array<Promise<void> | void> = [];
    const outcome = await runVote(await this.sampler(atomType, String(toJs(promptArg)), opts), {
      k,
      matcher,
      maxSamples: numberOpt(opts.max_samples) ?? this.options.maxSamples,
      timeoutMs: numberOpt(opts.timeout_ms),
      journal: this.journal(call),
      signal,
      onSample: (e) =>
        void events.push(
          this.options.emit({
            event: 'vote_sample',
            message: `sample ${e.sampleIndex} ${e.status === 'vote' ? `voted for ${e.candidate}` : 'red-flagged'}`,
            data: {
              call,
              sample_index: e.sampleIndex,
              round: e.round,
              status: e.status,
              candidate: e.candidate,
              votes: e.votes,
              leader: e.leader,
              margin: e.margin,
              replayed: e.replayed,
            },
          }),
        ),
      onRedFlag: (e) => void events.push(this.redFlag(call, e.reasons)),
    });
    await Promise.all(events);
    this.recordVote(outcome);
    await this.options.emit({
      event: 'vote_completed',
      message: `vote ${outcome.status}`,
      data: voteCompletedData(call, outcome),
    });
    return fromJs(toVoteHostResult(outcome));
  }

  private recordVote(outcome: VoteOutcome): void {
    this.state.votes++;
    this.state.redFlags += outcome.discarded;
    this.state.addUsage({
      samples: outcome.samples,
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      costUsd: outcome.costUsd,
    });
    if (outcome.status !== 'decided')
      this.state.lastFailedVote = {
        status: outcome.status,
        error: toVoteHostResult(outcome).error ?? outcome.status,
      };
  }

  private async redFlag(call: number, reasons: string[]): Promise<void> {
    await this.options.emit({
      event: 'red_flag',
      message: `sample red-flagged: ${reasons.join('; ')}`,
      data: { call, reasons },
    });
  }

  private async sampler(atomType: ReturnType<typeof atomTypeOf>, prompt: string, opts: Opts) {
    const settings = this.options.atomSettings(atomType);
    return createAtomSampler({
      provider: this.options.provider,
      atomType,
      model: settings.model,
      maxTokens: numberOpt(opts.max_tokens) ?? settings.maxTokens,
      prompt,
      taskDescription: this.options.task.description,
      contextMarkdown: await this.context.markdown(),
    });
  }

  private journal(callIndex: number) {
    const { journal, planId, taskId, attempt } = this.options;
    return journal && { journal, call: { planId, taskId, attempt, callIndex } };
  }
}

function atomTypeOf(value: Value) {
  const atomType = parseAtomType(String(toJs(value)));
  if (!atomType) throw new Error(`unknown atom type ${JSON.stringify(toJs(value))}`);
  return atomType;
}

function matcherOf(value: unknown): MatcherName | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(MATCHER_NAMES as readonly string[]).includes(String(value))) {
    throw new Error(
      `vote: unknown matcher ${JSON.stringify(value)} (expected one of ${MATCHER_NAMES.join(', ')})`,
    );
  }
  return value as MatcherName;
}

function mapArg(value: Value): Opts {
  const js = toJs(value);
  if (js === null || typeof js !== 'object' || Array.isArray(js))
    throw new Error('options must be a map, e.g. #{max_samples: 10}');
  return js as Opts;
}

function numberOpt(value: unknown): number | undefined {
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined;
}

function atomCompletedData(atomType: string, call: number, outcome: Awaited<ReturnType<typeof spawnAtom>>) {
  if (outcome.status === 'failed')
    return { atom_type: atomType, call, status: outcome.status, error: outcome.error.message };
  const { sample } = outcome;
  return {
    atom_type: atomType,
    call,
    status: outcome.status,
    model: sample.model,
    tokens: (sample.promptTokens ?? 0) + (sample.completionTokens ?? 0),
    cost_usd: sample.costUsd ?? 0,
    replayed: outcome.replayed,
  };
}

function voteCompletedData(call: number, outcome: VoteOutcome) {
  return {
    call,
    status: outcome.status,
    k: outcome.k,
    votes: outcome.votes,
    samples: outcome.samples,
    discarded: outcome.discarded,
    rounds: outcome.rounds,
    winner: outcome.status === 'decided' ? outcome.winnerLabel : null,
    tokens: outcome.promptTokens + outcome.completionTokens,
    cost_usd: outcome.costUsd,
  };
}
