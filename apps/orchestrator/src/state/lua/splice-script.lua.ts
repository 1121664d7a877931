/**
 * ARGV: task, attempt, sub-tasks JSON, message, max_parallel. Replaces an escalated task awaiting a
 * re-plan by the sub-plan the Architect returned (DESIGN §6): sub-tasks become pending or ready,
 * and the task itself waits for all of them, then completes without running (info.spliced).
 * Each sub-task: {id, definition (JSON), remaining, dependents[]} with ids and dependencies already mapped.
 */
export const SPLICE_TASK = `
local tid, attempt = ARGV[3], ARGV[4]
if redis.call('HGET', STATE, tid) ~= 'escalated' then return reply('conflict:' .. tostring(redis.call('HGET', STATE, tid))) end
if tostring(task_info(tid).awaiting_replan) ~= attempt then return reply('conflict:not awaiting a re-plan') end
local subtasks = cjson.decode(ARGV[5])
local group = new_group()
local ids = {}
for _, sub in ipairs(subtasks) do
  if redis.call('HEXISTS', DEF, sub.id) == 1 then return reply('conflict:task ' .. sub.id .. ' exists') end
end
for _, sub in ipairs(subtasks) do
  redis.call('HSET', DEF, sub.id, sub.definition)
  redis.call('HSET', ATTEMPT, sub.id, 0)
  redis.call('HSET', REMAINING, sub.id, sub.remaining)
  redis.call('HSET', DEPENDENTS, sub.id, cjson.encode(sub.dependents))
  redis.call('HINCRBY', META, 'task_count', 1)
  table.insert(ids, sub.id)
  if sub.remaining == 0 then make_ready(sub.id, group) else set_state(sub.id, 'pending') end
end
merge_info(tid, cjson.encode({ spliced = true, awaiting_replan = false, subtasks = ids }))
redis.call('HSET', REMAINING, tid, #subtasks)
set_state(tid, 'pending')
emit('log', tid, ARGV[6], cjson.encode({ replanned = true, subtasks = ids }))
return reply('ok', claim(tonumber(ARGV[7]), 1000))
`;
