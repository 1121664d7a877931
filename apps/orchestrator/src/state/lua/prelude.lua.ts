import { MAX_DEPENDENCIES } from '../../scheduling/prompt-context.js';
import { READY_SCORE_LUA } from '../../scheduling/task-order.js';

/** Shared by every plan transition. KEYS follow LUA_KEY_ORDER in plan-keys.ts; ARGV[1] plan id, ARGV[2] now. */
export const PRELUDE = `
local META, COUNTS, STATE, ATTEMPT, REMAINING, DEPENDENTS, INFO, READY, DISPATCH, EVENTS, DEF, GROUP, SCRIPT =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13]
local PLAN_ID, NOW = ARGV[1], ARGV[2]
local lifecycle = {}

-- Appends one event with the next gap-free seq; the stream id is "<seq>-0".
local function emit(event, task_id, message, data_json)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  local tid = 'null'
  if task_id then tid = cjson.encode(task_id) end
  local json = '{"event":"' .. event .. '","plan_id":' .. cjson.encode(PLAN_ID) .. ',"task_id":' .. tid ..
    ',"timestamp":"' .. NOW .. '","seq":' .. seq .. ',"details":{"message":' .. cjson.encode(message) ..
    ',"data":' .. (data_json or '{}') .. '}}'
  redis.call('XADD', EVENTS, seq .. '-0', 'e', json)
  if not task_id then table.insert(lifecycle, json) end
  return seq
end

local function set_state(task_id, new_state)
  local old = redis.call('HGET', STATE, task_id)
  if old then redis.call('HINCRBY', COUNTS, old, -1) end
  redis.call('HSET', STATE, task_id, new_state)
  redis.call('HINCRBY', COUNTS, new_state, 1)
  return old
end

local function count(state)
  return tonumber(redis.call('HGET', COUNTS, state) or '0')
end

local function in_list(value, csv)
  for item in string.gmatch(csv, '[^,]+') do
    if item == value then return true end
  end
  return false
end

local function task_info(task_id)
  local raw = redis.call('HGET', INFO, task_id)
  if raw then return cjson.decode(raw) end
  return {}
end

local function merge_info(task_id, patch_json)
  local info = task_info(task_id)
  for k, v in pairs(cjson.decode(patch_json)) do info[k] = v end
  redis.call('HSET', INFO, task_id, cjson.encode(info))
end

local function dependents_of(task_id)
  local raw = redis.call('HGET', DEPENDENTS, task_id)
  if raw and raw ~= '[]' then return cjson.decode(raw) end
  return {}
end

${READY_SCORE_LUA}
local function new_group()
  return redis.call('HINCRBY', META, 'groups', 1)
end

-- Marks a task ready in a task group (tasks that became ready together share one).
local function make_ready(task_id, group)
  set_state(task_id, 'ready')
  redis.call('HSET', GROUP, task_id, group)
  redis.call('ZADD', READY, ready_score(task_id), task_id)
  emit('task_ready', task_id, 'task is ready', '{"group":' .. group .. '}')
end

-- Skips every not-yet-started task downstream of root, with the reason.
local function skip_downstream(root, reason)
  local queue = dependents_of(root)
  local skipped = 0
  while #queue > 0 do
    local task_id = table.remove(queue)
    local state = redis.call('HGET', STATE, task_id)
    if state == 'pending' or state == 'ready' then
      set_state(task_id, 'skipped')
      redis.call('ZREM', READY, task_id)
      merge_info(task_id, cjson.encode({ skipped_because = root, skip_reason = reason }))
      emit('task_skipped', task_id, 'skipped: ' .. reason, '{"because":' .. cjson.encode(root) .. '}')
      skipped = skipped + 1
      for _, next_id in ipairs(dependents_of(task_id)) do table.insert(queue, next_id) end
    end
  end
  return skipped
end

-- Ends the plan when every task is terminal: completed when none failed, else failed.
local function finish_plan_if_done()
  local status = redis.call('HGET', META, 'status')
  if status ~= 'running' and status ~= 'paused' then return status end
  local total = tonumber(redis.call('HGET', META, 'task_count'))
  local failed = count('failed')
  local terminal = count('completed') + failed + count('skipped') + count('cancelled')
  if terminal < total then return status end
  local final = 'completed'
  if failed > 0 then final = 'failed' end
  redis.call('HSET', META, 'status', final, 'finished_at', NOW)
  emit('plan_' .. final, nil, 'plan ' .. final,
    '{"completed":' .. count('completed') .. ',"failed":' .. failed .. ',"skipped":' .. count('skipped') .. '}')
  return final
end

local function in_flight()
  return count('generating') + count('executing') + count('verifying')
end

-- Moves ready tasks to generating, up to the plan's max_parallel, and records a dispatch entry
-- for each (stage:attempt:group:first:claimed-at-ms). Plans without a workspace get their group snapshot event
-- here; with a workspace the orchestrator takes the git snapshot first (first = 1).
-- Returns a flat list: task, entry, definition JSON, info JSON, dependency reads, ...
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- What the prompt context of a claimed task reads of its dependencies (the first ${MAX_DEPENDENCIES}):
-- { definitions, states, infos }, read here so dispatch needs no second round trip.
local function dependency_reads(def_json)
  local deps = cjson.decode(def_json).dependencies or {}
  if #deps == 0 then return {} end
  local first = {}
  for i = 1, math.min(#deps, ${MAX_DEPENDENCIES}) do first[i] = deps[i] end
  return { redis.call('HMGET', DEF, unpack(first)), redis.call('HMGET', STATE, unpack(first)),
    redis.call('HMGET', INFO, unpack(first)) }
end

-- Appends one claimed task to the reply: task, entry, definition, info, and the dependency reads
-- of its prompt context when it will get a generate job ({} otherwise).
local function add_claim(claimed, tid, entry, with_context)
  local def = redis.call('HGET', DEF, tid)
  table.insert(claimed, tid)
  table.insert(claimed, entry)
  table.insert(claimed, def)
  table.insert(claimed, redis.call('HGET', INFO, tid) or '{}')
  table.insert(claimed, with_context and dependency_reads(def) or {})
end

local function claim(max_parallel, limit)
  local claimed = {}
  if redis.call('HGET', META, 'status') ~= 'running' then return claimed end
  local room = math.min(max_parallel - in_flight(), limit)
  if room <= 0 then return claimed end
  local popped = redis.call('ZPOPMIN', READY, room)
  local has_workspace = (redis.call('HGET', META, 'workspace') or '') ~= ''
  for i = 1, #popped, 2 do
    local tid = popped[i]
    local ready = redis.call('HGET', STATE, tid) == 'ready'
    if ready and task_info(tid).spliced then
      -- A re-planned task whose sub-tasks all completed: it completes without running.
      set_state(tid, 'verifying')
      local attempt = redis.call('HINCRBY', ATTEMPT, tid, 1)
      local entry = 'complete:' .. attempt .. ':0:0:' .. now_ms()
      redis.call('HSET', DISPATCH, tid, entry)
      add_claim(claimed, tid, entry, false)
    elseif ready then
      set_state(tid, 'generating')
      local attempt = redis.call('HINCRBY', ATTEMPT, tid, 1)
      local group = redis.call('HGET', GROUP, tid) or '0'
      local first = redis.call('HSETNX', GROUP, 'started:' .. group, tid)
      if first == 1 and not has_workspace then
        emit('snapshot', nil, 'task group ' .. group .. ' starts (no workspace: nothing to snapshot)', '{"group":' .. group .. '}')
        first = 0
      end
      local entry = 'generate:' .. attempt .. ':' .. group .. ':' .. first .. ':' .. now_ms()
      redis.call('HSET', DISPATCH, tid, entry)
      emit('task_started', tid, 'attempt ' .. attempt .. ' started', '{"attempt":' .. attempt .. ',"group":' .. group .. '}')
      add_claim(claimed, tid, entry, true)
    end
  end
  return claimed
end

-- Every script returns {result, lifecycle events as JSON strings, claimed tasks, task counts when it claimed}.
local function reply(result, claimed)
  claimed = claimed or {}
  local counts = {}
  if #claimed > 0 then counts = redis.call('HGETALL', COUNTS) end
  return { result, lifecycle, claimed, counts }
end
`;
