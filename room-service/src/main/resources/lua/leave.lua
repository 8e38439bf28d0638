-- Removes a member. With an expected gateway id, only if the member is still held by that gateway.
-- A guest's name is freed; the host's stays reserved while it is away.
-- KEYS: 1 room hash, 2 members hash, 3 activity zset, 4 host-grace zset, 5 names hash
-- ARGV: 1 userId, 2 now ms, 3 roomId, 4 expected gatewayId or '', 5 key prefix, 6 host-grace deadline ms
-- Returns {} when nothing was removed, else {member JSON, memberCount, live ('1'/'0'), presenceVersion}
-- A removal adds one to the room's presenceVersion.
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if not existing then return {} end
local m = cjson.decode(existing)
if ARGV[4] ~= '' and m['gatewayId'] ~= ARGV[4] then return {} end
redis.call('HDEL', KEYS[2], ARGV[1])
if m['isHost'] ~= true and m['nameKey'] then
  for k in string.gmatch(m['nameKey'], '[^\t]+') do
    if redis.call('HGET', KEYS[5], k) == ARGV[1] then redis.call('HDEL', KEYS[5], k) end
  end
end
if m['gatewayId'] then
  redis.call('SREM', ARGV[5] .. 'gateway:' .. m['gatewayId'] .. ':members', ARGV[3] .. ' ' .. ARGV[1])
end
local live = '0'
local version = 0
if redis.call('EXISTS', KEYS[1]) == 1 then
  version = redis.call('HINCRBY', KEYS[1], 'presenceVersion', 1)
  redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[3])
  if m['isHost'] == true then
    redis.call('HSET', KEYS[1], 'hostConnected', '0')
    live = redis.call('HGET', KEYS[1], 'live') or '0'
    if live == '1' then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[3]) end
  end
end
return {existing, redis.call('HLEN', KEYS[2]), live, version}
