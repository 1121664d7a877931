/** Person actions on tasks and plans (DESIGN §6, §12). ARGV[1] plan id, ARGV[2] timestamp first. */

/** Recomputes how many dependencies of a task are not completed yet. */
const RECOUNT = `
local function recount(task_id)
  local deps = cjson.decode(redis.call('HGET', DEF, task_id)).dependencies or {}
  local left = 0
  for _, d in ipairs(deps) do
    if redis.call('HGET', STATE, d) ~= 'completed' then left = left + 1 end
  end
  redis.call('HSET', REMAINING, task_id, left)
  return left
end

local function requeue(task_id, group)
  if recount(task_id) == 0 then make_ready(task_id, group) else set_state(task_id, 'pending') end
end
`;

/** ARGV: task, info patch (JSON), message. escalated|failed|skipped → ready/pending; un-skips what it had skipped. */
export const PERSON_RETRY = `${RECOUNT}${`
local tid = ARGV[3]
local state = redis.call('HGET', STATE, tid)
if state ~= 'escalated' and state ~= 'failed' and state ~= 'skipped' then return reply('conflict:' .. tostring(state)) end
local plan_status = redis.call('HGET', META, 'status')
if plan_status == 'cancelled' or plan_status == 'emergency_stopped' or plan_status == 'halted' then
  return reply('conflict:plan ' .. plan_status)
end
merge_info(tid, ARGV[4])
local group = new_group()
emit('task_retry', tid, ARGV[5], ARGV[4])
requeue(tid, group)
local queue = dependents_of(tid)
while #queue > 0 do
  local d = table.remove(queue)
  if redis.call('HGET', STATE, d) == 'skipped' and task_info(d).skipped_because == tid then
    merge_info(d, '{"skipped_because":false}')
    emit('log', d, 'no longer skipped: dependency ' .. tid .. ' is retried', '{}')
    requeue(d, group)
    for _, n in ipairs(dependents_of(d)) do table.insert(queue, n) end
  end
end
if plan_status == 'completed' or plan_status == 'failed' then
  redis.call('HSET', META, 'status', 'running')
  emit('plan_resumed', nil, 'plan resumed: task ' .. tid .. ' is retried', '{}')
end
return reply('ok')
`}`;

/** ARGV: task, message. pending|ready|escalated|failed → skipped; its dependents are skipped too. */
export const PERSON_SKIP = `
local tid = ARGV[3]
local state = redis.call('HGET', STATE, tid)
if state ~= 'pending' and state ~= 'ready' and state ~= 'escalated' and state ~= 'failed' then
  return reply('conflict:' .. tostring(state))
end
set_state(tid, 'skipped')
redis.call('ZREM', READY, tid)
merge_info(tid, '{"skip_reason":"skipped by a person"}')
emit('task_skipped', tid, ARGV[4], '{"by":"person"}')
skip_downstream(tid, 'dependency ' .. tid .. ' was skipped')
finish_plan_if_done()
return reply('ok')
`;

/**
 * ARGV: from plan states (csv), to state, event, message, data, cancel tasks ('1'|'0').
 * With cancel, every unfinished task is cancelled and the in-flight ones are returned as task:attempt.
 */
export const PLAN_TRANSITION = `
local status = redis.call('HGET', META, 'status')
if not status or not in_list(status, ARGV[3]) then return reply({ 'conflict:' .. tostring(status) }) end
redis.call('HSET', META, 'status', ARGV[4])
local stopped = {}
if ARGV[8] == '1' then
  local all = redis.call('HGETALL', STATE)
  for i = 1, #all, 2 do
    local tid, state = all[i], all[i + 1]
    if state ~= 'completed' and state ~= 'failed' and state ~= 'skipped' and state ~= 'cancelled' then
      if state == 'generating' or state == 'executing' or state == 'verifying' then
        table.insert(stopped, tid .. ':' .. redis.call('HGET', ATTEMPT, tid))
        emit('task_failed', tid, 'cancelled while ' .. state, '{"cancelled":true}')
      end
      set_state(tid, 'cancelled')
    end
  end
  redis.call('DEL', READY, DISPATCH)
end
emit(ARGV[5], nil, ARGV[6], ARGV[7])
table.insert(stopped, 1, 'ok')
return reply(stopped)
`;
