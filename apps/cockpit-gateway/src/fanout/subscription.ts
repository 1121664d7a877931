import type { ClientSink } from './client-sink.js';
import type { StreamEntry } from './stream-entry.js';
import { compareStreamIds } from './stream-id.js';

/**
 * One client's interest in one stream, from a cursor (the last stream id it has). While it catches
 * up from history, live entries wait in a bounded list; when that list overflows it is dropped and
 * history is read once more, so nothing is lost and memory stays bounded. Every entry at or before
 * the cursor is skipped, so the overlap of history and live feed never produces a duplicate.
 */
export class Subscription {
  live = false;
  private pending: StreamEntry[] = [];
  private overflowed = false;
  /** Whether live entries may still be at or before the cursor (only right after catching up). */
  private mayOverlap = true;

  constructor(
    readonly key: string,
    readonly sink: ClientSink,
    public cursor: string,
    private readonly maxPending: number,
    /** The id the client asked for, as it sees it (a seq, or a stream id on the lifecycle stream). */
    readonly label: string,
  ) {}

  /** An entry from the shared live reader. */
  receive(entry: StreamEntry): void {
    if (this.live) {
      this.deliver(entry);
      return;
    }
    if (this.pending.length >= this.maxPending) {
      this.pending = [];
      this.overflowed = true;
    } else {
      this.pending.push(entry);
    }
  }

  /** An entry from history, or from the live feed: delivered when after the cursor. */
  deliver(entry: StreamEntry): void {
    if (this.mayOverlap) {
      if (compareStreamIds(entry.id, this.cursor) <= 0) return;
      if (this.live) this.mayOverlap = false;
    }
    this.cursor = entry.id;
    if (entry.accepted()) this.sink.send(entry);
  }

  /**
   * Called after a history read that reached the end of the stream. Goes live when no live entry was
   * dropped meanwhile (returns true); otherwise history must be read again from the cursor.
   */
  goLiveIfComplete(): boolean {
    if (this.overflowed) {
      this.overflowed = false;
      this.pending = [];
      return false;
    }
    const pending = this.pending;
    this.pending = [];
    for (const entry of pending) this.deliver(entry);
    this.live = true;
    return true;
  }
}
