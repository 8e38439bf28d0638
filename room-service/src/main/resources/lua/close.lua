-- Closes a room and deletes its keys. Mode 'inactive' closes only a room idle since the cutoff,
-- not live and empty (a room in use gets its activity refreshed instead). The ZREM of the activity
-- entry is the claim: of several replicas, only one gets 1.
-- KEYS: 1 room hash, 2 members hash, 3 kicked set, 4 chat list, 5 rooms zset, 6 activity zset, 7 host-grace zset,
--       8 live zset, 9 names hash, 10 bans hash, 11 devices hash, 12 muted hash, 13 co-hosts hash,
--       14 slow-mode hash, 15 art hash, 16 art order zset, 17 track requests hash, 18 peek hash
-- ARGV: 1 roomId, 2 mode ('host' | 'inactive'), 3 cutoff ms, 4 key prefix, 5 now ms
-- Returns 1 when this call closed the room, else 0
if ARGV[2] == 'inactive' then
  local score = redis.call('ZSCORE', KEYS[6], ARGV[1])
  if not score or tonumber(score) > tonumber(ARGV[3]) then return 0 end
  if redis.call('HGET', KEYS[1], 'live') == '1' or redis.call('HLEN', KEYS[2]) > 0 then
    redis.call('ZADD', KEYS[6], ARGV[5], ARGV[1])
    return 0
  end
end
local claimed = redis.call('ZREM', KEYS[6], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('ZREM', KEYS[7], ARGV[1])
  redis.call('ZREM', KEYS[8], ARGV[1])
  return 0
end
for _, v in ipairs(redis.call('HVALS', KEYS[2])) do
  local m = cjson.decode(v)
  if m['gatewayId'] then
    redis.call('SREM', ARGV[4] .. 'gateway:' .. m['gatewayId'] .. ':members', ARGV[1] .. ' ' .. m['userId'])
  end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14], KEYS[15], KEYS[16], KEYS[17], KEYS[18])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
return 1
