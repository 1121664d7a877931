import type { VoteCandidate } from './vote-types.js';

/** Counts votes per candidate key and answers the first-to-ahead-by-k questions. */
export class VoteTally {
  private readonly byKey = new Map<string, VoteCandidate>();

  /** Adds one valid sample's vote. */
  add(key: string, sampleIndex: number, text: string): VoteCandidate {
    let candidate = this.byKey.get(key);
    if (!candidate) {
      candidate = { label: candidateLabel(key), key, votes: 0, text, sampleIndices: [] };
      this.byKey.set(key, candidate);
    }
    candidate.votes++;
    candidate.sampleIndices.push(sampleIndex);
    if (sampleIndex === Math.min(...candidate.sampleIndices)) candidate.text = text;
    return candidate;
  }

  get validVotes(): number {
    let total = 0;
    for (const c of this.byKey.values()) total += c.votes;
    return total;
  }

  /** Candidates by votes (desc), ties broken by earliest sample. */
  ranked(): VoteCandidate[] {
    return [...this.byKey.values()].sort(
      (a, b) => b.votes - a.votes || Math.min(...a.sampleIndices) - Math.min(...b.sampleIndices),
    );
  }

  /** Leader's votes minus the runner-up's (a lone candidate's runner-up has 0). */
  margin(): number {
    const [first, second] = this.ranked();
    return (first?.votes ?? 0) - (second?.votes ?? 0);
  }

  /** The winner once some candidate leads every other by at least k. */
  winner(k: number): VoteCandidate | undefined {
    const leader = this.ranked()[0];
    return leader && this.margin() >= k ? leader : undefined;
  }

  /** Fewest further valid samples that could decide: the leader's deficit to a k margin. */
  needed(k: number): number {
    return Math.max(1, k - this.margin());
  }

  votesByLabel(): Record<string, number> {
    return Object.fromEntries(this.ranked().map((c) => [c.label, c.votes]));
  }

  candidates(): VoteCandidate[] {
    return this.ranked().map((c) => ({ ...c, sampleIndices: [...c.sampleIndices].sort((a, b) => a - b) }));
  }
}

/** The key itself when short and printable, else its start plus a hash. */
export function candidateLabel(key: string): string {
  if (key.length <= 80 && !/[\u0000-\u001f]/.test(key)) return key;
  const start = key.slice(0, 60).replace(/[\u0000-\u001f]+/g, ' ');
  return `${start}…#${fnv1a(key).toString(16).padStart(8, '0')}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
