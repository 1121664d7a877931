/**
 * Task transitions. Each checks the expected current state (and attempt), so a re-delivered
 * message changes nothing twice. ARGV[1] plan id and ARGV[2] timestamp come first (see PRELUDE).
 */

/** ARGV: max_parallel, limit. Claims ready tasks up to the plan's cap → generating. */
export const CLAIM_READY = `
return reply(0, claim(tonumber(ARGV[3]), tonumber(ARGV[4])))
`;

/**
 * ARGV: then per task, 9 values: task, attempt, from states (csv), to state, event ('' none), message,
 * data, dispatch entry ('' clears), script ('' keeps). One step of each attempt; a batch of tasks of
 * one plan in one call. Replies per task { 1, definition, info } or { 0 } when already taken.
 */
export const ADVANCE_TASKS = `
local function advance(a)
  local tid, attempt = ARGV[a], ARGV[a + 1]
  local state = redis.call('HGET', STATE, tid)
  if not state or not in_list(state, ARGV[a + 2]) or redis.call('HGET', ATTEMPT, tid) ~= attempt then return { 0 } end
  set_state(tid, ARGV[a + 3])
  if ARGV[a + 8] ~= '' then redis.call('HSET', SCRIPT, tid, ARGV[a + 8]) end
  if ARGV[a + 7] ~= '' then redis.call('HSET', DISPATCH, tid, ARGV[a + 7]) else redis.call('HDEL', DISPATCH, tid) end
  if ARGV[a + 4] ~= '' then emit(ARGV[a + 4], tid, ARGV[a + 5], ARGV[a + 6]) end
  return { 1, redis.call('HGET', DEF, tid), redis.call('HGET', INFO, tid) or '{}' }
end
local results = {}
for a = 3, #ARGV, 9 do table.insert(results, advance(a)) end
return reply(results)
`;

/**
 * ARGV: max_parallel, then per task, 6 values: task, attempt, message, data, info patch, from states (csv).
 * Each → completed; dependents whose last dependency it was → ready; then claims what fits, once for
 * the batch. Replies per task the number of dependents made ready, or -1 when already settled.
 */
export const COMPLETE_TASKS = `
local function complete(a)
  local tid, attempt = ARGV[a], ARGV[a + 1]
  local state = redis.call('HGET', STATE, tid)
  if not state or not in_list(state, ARGV[a + 5]) or redis.call('HGET', ATTEMPT, tid) ~= attempt then return -1 end
  set_state(tid, 'completed')
  merge_info(tid, ARGV[a + 4])
  redis.call('HDEL', DISPATCH, tid)
  emit('task_completed', tid, ARGV[a + 2], ARGV[a + 3])
  local group = nil
  local newly = 0
  for _, dep in ipairs(dependents_of(tid)) do
    local left = redis.call('HINCRBY', REMAINING, dep, -1)
    if left == 0 and redis.call('HGET', STATE, dep) == 'pending' then
      if not group then group = new_group() end
      make_ready(dep, group)
      newly = newly + 1
    end
  end
  finish_plan_if_done()
  return newly
end
local results = {}
for a = 4, #ARGV, 6 do table.insert(results, complete(a)) end
return reply(results, claim(tonumber(ARGV[3]), 1000))
`;

/**
 * ARGV: task, attempt, from states (csv), mode (retry|escalate|fail), message, data, info patch (JSON), max_parallel.
 * Ends an attempt without completing it, as the error policy decided.
 */
export const SETTLE_ATTEMPT = `
local tid, attempt, mode = ARGV[3], ARGV[4], ARGV[6]
local state = redis.call('HGET', STATE, tid)
if not state or not in_list(state, ARGV[5]) or redis.call('HGET', ATTEMPT, tid) ~= attempt then return reply(0) end
redis.call('HDEL', DISPATCH, tid)
merge_info(tid, ARGV[9])
if mode == 'retry' then
  set_state(tid, 'ready')
  redis.call('ZADD', READY, ready_score(tid), tid)
  emit('task_retry', tid, ARGV[7], ARGV[8])
elseif mode == 'escalate' then
  set_state(tid, 'escalated')
  emit('task_escalated', tid, ARGV[7], ARGV[8])
else
  set_state(tid, 'failed')
  emit('task_failed', tid, ARGV[7], ARGV[8])
  skip_downstream(tid, 'dependency ' .. tid .. ' failed')
  finish_plan_if_done()
end
return reply(1, claim(tonumber(ARGV[10]), 1000))
`;
