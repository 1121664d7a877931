import type { EventDraft, MakerEvent } from '@maker/contracts';
import type { Redis } from 'ioredis';
import { globalKeys, planKeys } from './plan-keys.js';

/** Appends one event with the plan's next gap-free seq; stream id `<seq>-0`. Same format as the transitions'. */
const APPEND_EVENT = `
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local tid = 'null'
if ARGV[3] ~= '' then tid = cjson.encode(ARGV[3]) end
local json = '{"event":"' .. ARGV[2] .. '","plan_id":' .. cjson.encode(ARGV[1]) .. ',"task_id":' .. tid ..
  ',"timestamp":"' .. ARGV[4] .. '","seq":' .. seq .. ',"details":{"message":' .. cjson.encode(ARGV[5]) ..
  ',"data":' .. ARGV[6] .. '}}'
redis.call('XADD', KEYS[2], seq .. '-0', 'e', json)
return json
`;

/**
 * The same append, guarded by a once-only mark set in the same call: a crash can never leave the
 * mark set without its event (or the event without its mark). Returns nil when already marked.
 */
const APPEND_EVENT_ONCE = `
if redis.call('HSETNX', KEYS[3], ARGV[7], ARGV[8]) == 0 then return false end
${APPEND_EVENT}`;

/**
 * Writes events to a plan's stream from any service. Seq numbers come from the plan's meta hash
 * inside one Lua call, so they are gap-free across every writer.
 */
export class EventStreamWriter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async append(draft: EventDraft): Promise<MakerEvent> {
    const keys = planKeys(this.prefix, draft.plan_id);
    const json = (await this.redis.eval(
      APPEND_EVENT,
      2,
      keys.meta,
      keys.events,
      ...eventArgs(draft),
    )) as string;
    return this.published(draft, json);
  }

  /**
   * Appends the event only if the plan's once-only mark `mark` is not yet set, setting it in the same
   * atomic call; for side effects done outside Lua (snapshot, merge, rollback) that may be redone after
   * a crash. Returns undefined when the mark was already set.
   */
  async appendOnce(
    draft: EventDraft,
    mark: string,
    value: string | number = 1,
  ): Promise<MakerEvent | undefined> {
    const keys = planKeys(this.prefix, draft.plan_id);
    const json = (await this.redis.eval(
      APPEND_EVENT_ONCE,
      3,
      keys.meta,
      keys.events,
      keys.marks,
      ...eventArgs(draft),
      mark,
      String(value),
    )) as string | null;
    return json === null ? undefined : this.published(draft, json);
  }

  private async published(draft: EventDraft, json: string): Promise<MakerEvent> {
    if (draft.task_id === null) await this.publishLifecycle([json]);
    return JSON.parse(json) as MakerEvent;
  }

  /** Copies plan-level events to the stream of all plans' lifecycle events. */
  async publishLifecycle(events: string[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const json of events) {
      pipeline.xadd(globalKeys(this.prefix).lifecycle, 'MAXLEN', '~', '100000', '*', 'e', json);
    }
    await pipeline.exec();
  }
}

function eventArgs(draft: EventDraft): string[] {
  return [
    draft.plan_id,
    draft.event,
    draft.task_id ?? '',
    new Date().toISOString(),
    draft.message,
    JSON.stringify(draft.data ?? {}),
  ];
}

/** Reads a plan's events after a seq (exclusive), oldest first. */
export async function readPlanEvents(
  redis: Redis,
  prefix: string,
  planId: string,
  afterSeq: number,
  limit = 1000,
): Promise<MakerEvent[]> {
  const entries = await redis.xrange(planKeys(prefix, planId).events, `(${afterSeq}-0`, '+', 'COUNT', limit);
  return entries.map(([, fields]) => JSON.parse(fields[1]) as MakerEvent);
}
