import type { SampleResult } from './vote-types.js';

/**
 * Identifies one host call of a task script: the n-th `spawn_atom`/`vote` (`callIndex`, 0-based in
 * script order) of an attempt. A deterministic re-run of the script produces the same refs.
 */
export interface AtomCallRef {
  planId: string;
  taskId: string;
  attempt: number;
  callIndex: number;
}

/** What the journal holds for one call. */
export interface JournaledCall {
  samples: Map<number, SampleResult>;
  result?: unknown;
}

/**
 * Durable record of atom samples and call results. Writes are first-write-wins: a racing second
 * writer gets the stored value back, so a (call, sample index) always maps to one sample.
 */
export interface AtomJournal {
  load(call: AtomCallRef): Promise<JournaledCall>;
  /** Stores a sample unless one exists; returns the stored one. */
  recordSample(call: AtomCallRef, sampleIndex: number, sample: SampleResult): Promise<SampleResult>;
  /** Stores a call result unless one exists; returns the stored one. */
  recordResult<T>(call: AtomCallRef, result: T): Promise<T>;
}

/** In-process journal for tests and single-process runs (no durability). */
export class InMemoryAtomJournal implements AtomJournal {
  private readonly calls = new Map<string, { samples: Map<number, string>; result?: string }>();

  async load(call: AtomCallRef): Promise<JournaledCall> {
    const entry = this.calls.get(callId(call));
    const samples = new Map<number, SampleResult>();
    for (const [i, json] of entry?.samples ?? []) samples.set(i, JSON.parse(json) as SampleResult);
    return { samples, result: entry?.result === undefined ? undefined : JSON.parse(entry.result) };
  }

  async recordSample(call: AtomCallRef, sampleIndex: number, sample: SampleResult): Promise<SampleResult> {
    const entry = this.entry(call);
    if (!entry.samples.has(sampleIndex)) entry.samples.set(sampleIndex, JSON.stringify(sample));
    return JSON.parse(entry.samples.get(sampleIndex)!) as SampleResult;
  }

  async recordResult<T>(call: AtomCallRef, result: T): Promise<T> {
    const entry = this.entry(call);
    entry.result ??= JSON.stringify(result);
    return JSON.parse(entry.result) as T;
  }

  private entry(call: AtomCallRef) {
    const id = callId(call);
    let entry = this.calls.get(id);
    if (!entry) this.calls.set(id, (entry = { samples: new Map() }));
    return entry;
  }
}

/** `plan:task:attempt:call`, the journal's identity of a call. */
export function callId(call: AtomCallRef): string {
  return `${call.planId}:${call.taskId}:${call.attempt}:${call.callIndex}`;
}
