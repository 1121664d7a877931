import type { SpawnOutcome } from './spawn-atom.js';
import type { VoteOutcome } from './vote-types.js';

/** The script-visible result of `vote(...)` (DESIGN §7). */
export interface VoteHostResult {
  is_ok: boolean;
  is_err: boolean;
  /** The winning sample's original text; null unless decided. */
  value: string | null;
  /** `<status>: <explanation>`; null when decided. */
  error: string | null;
  /** Votes per candidate label. */
  votes: Record<string, number>;
  samples: number;
  discarded: number;
  rounds: number;
  k: number;
}

/** The script-visible result of `spawn_atom(...)` (DESIGN §7). */
export interface SpawnAtomHostResult {
  is_ok: boolean;
  is_err: boolean;
  /** The answer text (also present when red-flagged, for inspection); null when the call failed. */
  value: string | null;
  error: string | null;
  /** Output (completion) tokens of the answer. */
  tokens: number;
  /** Red-flag reasons; non-empty means is_err. */
  red_flags: string[];
}

/** Maps a vote outcome to the plain map the Rhai host returns. */
export function toVoteHostResult(outcome: VoteOutcome): VoteHostResult {
  const decided = outcome.status === 'decided';
  return {
    is_ok: decided,
    is_err: !decided,
    value: decided ? outcome.winner : null,
    error: decided ? null : voteErrorMessage(outcome),
    votes: { ...outcome.votes },
    samples: outcome.samples,
    discarded: outcome.discarded,
    rounds: outcome.rounds,
    k: outcome.k,
  };
}

/** Human-readable reason a vote did not decide, prefixed by its status. */
export function voteErrorMessage(outcome: VoteOutcome): string {
  const counts = `${outcome.samples} samples, ${outcome.discarded} red-flagged`;
  switch (outcome.status) {
    case 'decided':
      return '';
    case 'timeout':
      return `timeout: no candidate ahead by ${outcome.k} within the time budget (${counts})`;
    case 'no_consensus':
      return `no_consensus: no candidate ahead by ${outcome.k} after ${counts}`;
    case 'all_red_flagged':
      return `all_red_flagged: every sample was red-flagged (${counts})`;
    case 'sampler_failed':
      return `sampler_failed: ${outcome.error.code ? `${outcome.error.code}: ` : ''}${outcome.error.message}`;
  }
}

/** Maps a single-atom outcome to the plain map the Rhai host returns. */
export function toSpawnAtomHostResult(outcome: SpawnOutcome): SpawnAtomHostResult {
  if (outcome.status === 'failed') {
    const code = outcome.error.code ? `${outcome.error.code}: ` : '';
    return {
      is_ok: false,
      is_err: true,
      value: null,
      error: `atom_failed: ${code}${outcome.error.message}`,
      tokens: 0,
      red_flags: [],
    };
  }
  const reasons = outcome.sample.redFlags.map((f) => f.reason);
  const ok = outcome.status === 'ok';
  return {
    is_ok: ok,
    is_err: !ok,
    value: outcome.sample.text,
    error: ok ? null : `red_flagged: ${reasons.join('; ')}`,
    tokens: outcome.sample.completionTokens ?? 0,
    red_flags: reasons,
  };
}
