import { PLAN_LIFECYCLE_EVENTS, type EventType } from '@maker/contracts';
import { streamIdToSeq } from './stream-id.js';

/** Which kind of stream a feed reads: one plan's events, or every plan's lifecycle events. */
export type FeedKind = 'plan' | 'lifecycle';

/**
 * One stream entry as read from Redis, with the frames every transport sends for it. Frames are
 * built once per entry and shared by all clients, so fan-out costs one buffer per event, not one
 * per client.
 */
export class StreamEntry {
  private wsFrameCache?: Buffer;
  private sseFrameCache?: Buffer;

  constructor(
    readonly id: string,
    readonly json: string,
    readonly kind: FeedKind,
  ) {}

  /** The id a client resumes from: the event `seq` on plan streams, the stream id on the lifecycle stream. */
  get resumeId(): string {
    return this.kind === 'plan' ? String(streamIdToSeq(this.id)) : this.id;
  }

  /** `{"type":"event","event":{...}}`; lifecycle entries also carry `stream_id`, their resume position. */
  wsFrame(): Buffer {
    this.wsFrameCache ??= Buffer.from(
      this.kind === 'plan'
        ? `{"type":"event","event":${this.json}}`
        : `{"type":"event","stream_id":"${this.id}","event":${this.json}}`,
    );
    return this.wsFrameCache;
  }

  /** `id: <resume id>` and `data: <event JSON>` (DESIGN §11). */
  sseFrame(): Buffer {
    this.sseFrameCache ??= Buffer.from(
      `id: ${this.resumeId}\n${this.json
        .split('\n')
        .map((line) => `data: ${line}`)
        .join('\n')}\n\n`,
    );
    return this.sseFrameCache;
  }

  /** Whether a subscriber of this entry's feed should see it: `*` subscribers get plan lifecycle events only. */
  accepted(): boolean {
    if (this.kind === 'plan') return true;
    const name = /^\{"event":"([a-z_]+)"/.exec(this.json)?.[1] ?? eventNameOf(this.json);
    return name !== undefined && PLAN_LIFECYCLE_EVENTS.has(name as EventType);
  }
}

function eventNameOf(json: string): string | undefined {
  try {
    const parsed = JSON.parse(json) as { event?: unknown };
    return typeof parsed.event === 'string' ? parsed.event : undefined;
  } catch {
    return undefined;
  }
}

/** Turns an ioredis stream reply (`[id, [field, value, ...]]`) into an entry; entries without `e` are skipped. */
export function entryFromReply(kind: FeedKind, [id, fields]: [string, string[]]): StreamEntry | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'e') return new StreamEntry(id, fields[i + 1], kind);
  }
  return undefined;
}
