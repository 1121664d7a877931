import type { VoteStatus } from '@maker/voting';

/** What a run accumulates while the script executes: counters and the facts that classify its end. */
export class RunState {
  /** Index of the next atom call (spawn_atom or vote), in script order: the journal key. */
  private nextCall = 0;
  samples = 0;
  votes = 0;
  redFlags = 0;
  promptTokens = 0;
  completionTokens = 0;
  costUsd = 0;
  /** Set by `escalate(reason)`: the run ends escalated whatever the script does next. */
  escalation?: string;
  /** The last vote that did not decide, and why. */
  lastFailedVote?: { status: VoteStatus; error: string };
  /** Reasons of the last `check_red_flags()` that flagged the task's change. */
  flaggedReasons?: string[];

  takeCallIndex(): number {
    return this.nextCall++;
  }

  addUsage(usage: {
    samples?: number;
    promptTokens?: number;
    completionTokens?: number;
    costUsd?: number;
  }): void {
    this.samples += usage.samples ?? 0;
    this.promptTokens += usage.promptTokens ?? 0;
    this.completionTokens += usage.completionTokens ?? 0;
    this.costUsd += usage.costUsd ?? 0;
  }

  stats() {
    return {
      samples: this.samples,
      votes: this.votes,
      red_flags: this.redFlags,
      tokens: this.promptTokens + this.completionTokens,
      cost_usd: Number(this.costUsd.toFixed(6)),
    };
  }
}
