/**
 * Redis keys of one plan. Every key carries the plan id as a hash tag (`{id}`), so a plan's keys
 * live in one Redis Cluster slot and its Lua transitions stay atomic there.
 * The layout is persisted: changing a key name needs a migration.
 */
export interface PlanKeys {
  meta: string;
  counts: string;
  state: string;
  attempt: string;
  remaining: string;
  dependents: string;
  info: string;
  ready: string;
  dispatch: string;
  events: string;
  definition: string;
  group: string;
  script: string;
  /** Once-only marks of side effects done outside the transitions (snapshot, merge and rollback events); set with their event by EventStreamWriter.appendOnce. */
  marks: string;
}

/** Order matters: the Lua scripts read KEYS by these positions. */
export const LUA_KEY_ORDER: ReadonlyArray<keyof PlanKeys> = [
  'meta',
  'counts',
  'state',
  'attempt',
  'remaining',
  'dependents',
  'info',
  'ready',
  'dispatch',
  'events',
  'definition',
  'group',
  'script',
];

export function planKeys(prefix: string, planId: string): PlanKeys {
  const base = `${prefix}:plan:{${planId}}`;
  return {
    meta: `${base}:meta`,
    counts: `${base}:counts`,
    state: `${base}:task:state`,
    attempt: `${base}:task:attempt`,
    remaining: `${base}:task:remaining`,
    dependents: `${base}:task:dependents`,
    info: `${base}:task:info`,
    ready: `${base}:ready`,
    dispatch: `${base}:dispatch`,
    events: `${base}:events`,
    definition: `${base}:task:def`,
    group: `${base}:task:group`,
    script: `${base}:task:script`,
    marks: `${base}:marks`,
  };
}

export function luaKeys(keys: PlanKeys): string[] {
  return LUA_KEY_ORDER.map((name) => keys[name]);
}

/** Keys that are not per plan. */
export function globalKeys(prefix: string) {
  return {
    /** Sorted set of plan ids by creation time (ms). */
    plans: `${prefix}:plans`,
    /** Set of plans that may have work to dispatch (running or paused). */
    active: `${prefix}:plans:active`,
    /** Stream of plan lifecycle events of every plan. */
    lifecycle: `${prefix}:events:lifecycle`,
    /** Pub/sub channel for control messages to workers (cancel). */
    control: `${prefix}:control`,
  };
}
