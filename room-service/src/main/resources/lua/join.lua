-- Adds (or refreshes) a member, enforcing the listener limit atomically.
-- KEYS: 1 room hash, 2 members hash, 3 kicked set, 4 gateway-members set, 5 activity zset,
--       6 host-grace zset, 7 gateways zset
-- ARGV: 1 userId, 2 member JSON, 3 isHost ('1'/'0'), 4 max users (host included), 5 now ms,
--       6 roomId, 7 gatewayId, 8 key prefix
-- Returns {status, memberCount, hostWasConnected}; status: joined | rejoined | not_found | kicked | host_id | full
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found', 0, '0'} end
local userId = ARGV[1]
local isHost = ARGV[3] == '1'
local hostId = redis.call('HGET', KEYS[1], 'hostId')
if not isHost then
  if userId == hostId then return {'host_id', 0, '0'} end
  if redis.call('SISMEMBER', KEYS[3], userId) == 1 then return {'kicked', 0, '0'} end
end
local existing = redis.call('HGET', KEYS[2], userId)
if not existing and not isHost then
  local count = redis.call('HLEN', KEYS[2])
  local guests = count
  if redis.call('HEXISTS', KEYS[2], hostId) == 1 then guests = count - 1 end
  -- the host's place is reserved: guests may fill at most max - 1 places
  if guests >= tonumber(ARGV[4]) - 1 then return {'full', count, '0'} end
end
if existing then
  local old = cjson.decode(existing)['gatewayId']
  if old and old ~= ARGV[7] then
    redis.call('SREM', ARGV[8] .. 'gateway:' .. old .. ':members', ARGV[6] .. ' ' .. userId)
  end
end
redis.call('HSET', KEYS[2], userId, ARGV[2])
redis.call('SADD', KEYS[4], ARGV[6] .. ' ' .. userId)
redis.call('ZADD', KEYS[7], 'NX', ARGV[5], ARGV[7])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[6])
local wasConnected = redis.call('HGET', KEYS[1], 'hostConnected') or '0'
if isHost then
  redis.call('HSET', KEYS[1], 'hostConnected', '1')
  redis.call('ZREM', KEYS[6], ARGV[6])
end
local status = 'joined'
if existing then status = 'rejoined' end
return {status, redis.call('HLEN', KEYS[2]), wasConnected}
