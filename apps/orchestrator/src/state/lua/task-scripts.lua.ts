/**
 * Task transitions. Each checks the expected current state (and attempt), so a re-delivered
 * message changes nothing twice. ARGV[1] plan id and ARGV[2] timestamp come first (see PRELUDE).
 */

/** ARGV: max_parallel, limit. Claims ready tasks up to the plan's cap → generating. */
export const CLAIM_READY = `
return reply(0, claim(tonumber(ARGV[3]), tonumber(ARGV[4])))
`;

/** ARGV: task, attempt, from states (csv), to state, event ('' none), message, data, dispatch entry ('' clears), script ('' keeps). */
export const ADVANCE_TASK = `
local tid, attempt = ARGV[3], ARGV[4]
local state = redis.call('HGET', STATE, tid)
if not state or not in_list(state, ARGV[5]) or redis.call('HGET', ATTEMPT, tid) ~= attempt then return reply({ 0 }) end
set_state(tid, ARGV[6])
if ARGV[11] ~= '' then redis.call('HSET', SCRIPT, tid, ARGV[11]) end
if ARGV[10] ~= '' then redis.call('HSET', DISPATCH, tid, ARGV[10]) else redis.call('HDEL', DISPATCH, tid) end
if ARGV[7] ~= '' then emit(ARGV[7], tid, ARGV[8], ARGV[9]) end
return reply({ 1, redis.call('HGET', DEF, tid), redis.call('HGET', INFO, tid) or '{}' })
`;

/**
 * ARGV: task, attempt, message, data, info patch, from states (csv), max_parallel.
 * → completed; dependents whose last dependency this was → ready; then claims what fits.
 */
export const COMPLETE_TASK = `
local tid, attempt = ARGV[3], ARGV[4]
local state = redis.call('HGET', STATE, tid)
if not state or not in_list(state, ARGV[8]) or redis.call('HGET', ATTEMPT, tid) ~= attempt then return reply(-1) end
set_state(tid, 'completed')
merge_info(tid, ARGV[7])
redis.call('HDEL', DISPATCH, tid)
emit('task_completed', tid, ARGV[5], ARGV[6])
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
return reply(newly, claim(tonumber(ARGV[9]), 1000))
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
  redis.call('ZADD', READY, task_index(tid), tid)
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
