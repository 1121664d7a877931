import type { Redis } from 'ioredis';
import { type AtomCallRef, type AtomJournal, callId, type JournaledCall } from './atom-journal.js';
import type { SampleResult } from './vote-types.js';

/** Options of {@link RedisAtomJournal}. */
export interface RedisAtomJournalOptions {
  /** A connected ioredis client (not closed by the journal). */
  redis: Redis;
  /** Key prefix (the service's MAKER_PREFIX). @defaultValue 'maker' */
  prefix?: string;
  /** Expiry of a call's journal after its last write. @defaultValue 604800 (7 days) */
  ttlSeconds?: number;
}

const RESULT_FIELD = 'result';
const sampleField = (index: number) => `s:${index}`;

/**
 * Journal in Redis: one hash per call, `<prefix>:journal:<plan>:<task>:<attempt>:<call>`, with a
 * field per sample (`s:<index>`) and `result`. Writes use HSETNX, so the first write wins.
 */
export class RedisAtomJournal implements AtomJournal {
  private readonly prefix: string;
  private readonly ttlSeconds: number;

  constructor(private readonly options: RedisAtomJournalOptions) {
    this.prefix = options.prefix ?? 'maker';
    this.ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
  }

  /** The hash key of a call. */
  keyOf(call: AtomCallRef): string {
    return `${this.prefix}:journal:${callId(call)}`;
  }

  async load(call: AtomCallRef): Promise<JournaledCall> {
    const fields = await this.options.redis.hgetall(this.keyOf(call));
    const samples = new Map<number, SampleResult>();
    let result: unknown;
    for (const [field, json] of Object.entries(fields)) {
      if (field === RESULT_FIELD) result = JSON.parse(json);
      else if (field.startsWith('s:')) samples.set(Number(field.slice(2)), JSON.parse(json) as SampleResult);
    }
    return { samples, result };
  }

  recordSample(call: AtomCallRef, sampleIndex: number, sample: SampleResult): Promise<SampleResult> {
    return this.setOnce(call, sampleField(sampleIndex), sample);
  }

  recordResult<T>(call: AtomCallRef, result: T): Promise<T> {
    return this.setOnce(call, RESULT_FIELD, result);
  }

  private async setOnce<T>(call: AtomCallRef, field: string, value: T): Promise<T> {
    const key = this.keyOf(call);
    const replies = await this.options.redis
      .multi()
      .hsetnx(key, field, JSON.stringify(value))
      .hget(key, field)
      .expire(key, this.ttlSeconds)
      .exec();
    const stored = replies?.[1]?.[1];
    if (typeof stored !== 'string') throw new Error(`journal write of ${key} ${field} failed`);
    return JSON.parse(stored) as T;
  }
}
