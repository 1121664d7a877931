import { isSafeId } from '@maker/contracts';
import type { FeedTarget } from '../fanout/event-fanout.service.js';
import { isStreamId, seqToStreamId } from '../fanout/stream-id.js';

/** A validated subscription: what to read and from which stream id (exclusive); `$` = from now on. */
export interface SubscribeRequest {
  target: FeedTarget;
  after: string;
  /** The position as the client gave it, echoed back in acknowledgements. */
  label: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'invalid_request'; message: string };

const invalid = (message: string): Parsed<never> => ({ ok: false, reason: 'invalid_request', message });

/**
 * Validates a subscription. For a plan, `after` is the last `seq` the client has (a non-negative
 * integer, default 0: the whole history). For `*` (lifecycle events of all plans), `after` is the
 * last lifecycle stream id the client has (`<ms>-<n>`, as sent in `stream_id` / SSE `id`), `0` for
 * the whole retained history, or absent / `$` for events from now on.
 */
export function parseSubscribe(plan: unknown, after: unknown): Parsed<SubscribeRequest> {
  if (typeof plan !== 'string' || plan === '') return invalid('plan_id must be a plan id or "*"');
  if (plan === '*') return parseLifecycleAfter(after);
  if (!isSafeId(plan)) return invalid(`plan_id "${plan.slice(0, 140)}" is not a valid plan id`);
  const seq = seqOf(after);
  if (seq === undefined) {
    return invalid(
      `after must be the last seq received (a non-negative integer), got ${JSON.stringify(after)}`,
    );
  }
  return {
    ok: true,
    value: { target: { kind: 'plan', plan }, after: seqToStreamId(seq), label: String(seq) },
  };
}

function parseLifecycleAfter(after: unknown): Parsed<SubscribeRequest> {
  const target = { kind: 'lifecycle', plan: '*' } as const;
  if (after === undefined || after === null || after === '' || after === '$') {
    return { ok: true, value: { target, after: '$', label: '$' } };
  }
  const text = String(after);
  if (text === '0' || after === 0) return { ok: true, value: { target, after: '0-0', label: '0' } };
  if (typeof after === 'string' && isStreamId(text))
    return { ok: true, value: { target, after: text, label: text } };
  return invalid(
    `after for plan_id "*" must be a lifecycle stream id such as "1732540000000-0", "0" or "$", got ${JSON.stringify(after)}`,
  );
}

function seqOf(after: unknown): number | undefined {
  if (after === undefined || after === null || after === '') return 0;
  if (typeof after === 'number') return Number.isSafeInteger(after) && after >= 0 ? after : undefined;
  if (typeof after === 'string' && /^\d{1,15}$/.test(after)) return Number(after);
  return undefined;
}
