-- Admits a batch of members (one gateway, one room) atomically, with join.lua's rules per member:
-- kicked users and the host's id are refused, the host's place is reserved (guests may fill at most
-- max - 1 places), a member already in the room is refreshed ('rejoined', never counted twice).
-- KEYS: 1 room hash, 2 members hash, 3 kicked set, 4 gateway-members set (of ARGV[4]), 5 activity zset,
--       6 host-grace zset, 7 gateways zset
-- ARGV: 1 max users (host included), 2 now ms, 3 roomId, 4 gatewayId, 5 key prefix,
--       then per member 3 values: userId, member JSON, isHost ('1'/'0')
-- Returns {n, then per member: status, memberCount after it, hostWasConnected, presenceVersion after it}
-- status: joined | rejoined | not_found | kicked | host_id | full
-- Every member that joins (not a rejoin) adds one to the room's presenceVersion.
local n = (#ARGV - 5) / 3
local out = {n}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 1, n do
    out[#out + 1] = 'not_found'; out[#out + 1] = 0; out[#out + 1] = '0'; out[#out + 1] = 0
  end
  return out
end
local version = tonumber(redis.call('HGET', KEYS[1], 'presenceVersion') or '0')
local max = tonumber(ARGV[1])
local hostId = redis.call('HGET', KEYS[1], 'hostId')
local count = redis.call('HLEN', KEYS[2])
local hostIn = redis.call('HEXISTS', KEYS[2], hostId) == 1
local touched = false
for i = 0, n - 1 do
  local userId = ARGV[6 + i * 3]
  local json = ARGV[7 + i * 3]
  local isHost = ARGV[8 + i * 3] == '1'
  local status = nil
  local wasConnected = '0'
  if not isHost then
    if userId == hostId then status = 'host_id'
    elseif redis.call('SISMEMBER', KEYS[3], userId) == 1 then status = 'kicked' end
  end
  local existing = nil
  if not status then
    existing = redis.call('HGET', KEYS[2], userId)
    if not existing and not isHost then
      local guests = count
      if hostIn then guests = count - 1 end
      if guests >= max - 1 then status = 'full' end
    end
  end
  if not status then
    if existing then
      local old = cjson.decode(existing)['gatewayId']
      if old and old ~= ARGV[4] then
        redis.call('SREM', ARGV[5] .. 'gateway:' .. old .. ':members', ARGV[3] .. ' ' .. userId)
      end
    else
      count = count + 1
      version = redis.call('HINCRBY', KEYS[1], 'presenceVersion', 1)
      if isHost then hostIn = true end
    end
    redis.call('HSET', KEYS[2], userId, json)
    redis.call('SADD', KEYS[4], ARGV[3] .. ' ' .. userId)
    touched = true
    wasConnected = redis.call('HGET', KEYS[1], 'hostConnected') or '0'
    if isHost then
      redis.call('HSET', KEYS[1], 'hostConnected', '1')
      redis.call('ZREM', KEYS[6], ARGV[3])
    end
    if existing then status = 'rejoined' else status = 'joined' end
  end
  out[#out + 1] = status; out[#out + 1] = count; out[#out + 1] = wasConnected; out[#out + 1] = version
end
if touched then
  -- a join call proves its gateway alive: move its heartbeat forward (never back)
  redis.call('ZADD', KEYS[7], 'GT', ARGV[2], ARGV[4])
  redis.call('ZADD', KEYS[5], ARGV[2], ARGV[3])
end
return out
