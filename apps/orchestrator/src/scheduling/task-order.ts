/**
 * The order in which ready tasks are claimed and their jobs fetched: within a plan, the task with the
 * longest chain of work still behind it first (critical path first, HLFET list scheduling), then plan
 * order; across plans, plan priority before anything else.
 */

/** Chains longer than this are treated alike (they are all as critical as it gets). */
const CHAIN_SLOTS = 2 ** 16;
/** Room for task indexes (fractional for spliced sub-tasks) below each chain slot. */
const INDEX_SPAN = 2 ** 24;

/**
 * Score of a ready task in the plan's ready set (lowest claimed first). The Lua transitions compute
 * the same as `ready_score` in the prelude: keep both in step.
 */
export function readyScore(index: number, chainLength = 1): number {
  return (CHAIN_SLOTS - Math.min(chainLength, CHAIN_SLOTS - 1)) * INDEX_SPAN + index;
}

export const READY_SCORE_LUA = `
local function ready_score(task_id)
  local def = cjson.decode(redis.call('HGET', DEF, task_id))
  return (${CHAIN_SLOTS} - math.min(tonumber(def.chain_length or 1), ${CHAIN_SLOTS - 1})) * ${INDEX_SPAN} + tonumber(def.index)
end
`;

/** Within-plan priority slots of a BullMQ job: 2001 plan bands × 1024 slots stay under BullMQ's 2^21. */
const JOB_SLOTS = 1024;

/**
 * BullMQ priority (1 is first) of a task's job: the plan's band first (plan priority +1000 → band 1,
 * 0 → 1001, -1000 → 2001), then within it the longer chain first.
 */
export function jobPriority(planPriority: number, chainLength = 1): number {
  const band = 1001 - Math.max(-1000, Math.min(1000, planPriority));
  const slot = JOB_SLOTS - Math.min(Math.max(chainLength, 1), JOB_SLOTS);
  return (band - 1) * JOB_SLOTS + slot + 1;
}
