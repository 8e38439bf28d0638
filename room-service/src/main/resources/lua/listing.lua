-- Keeps a room on the public live list exactly while it is live and listed (both read here, in the
-- same step, so a broadcast starting while the host unlists the room settles right).
-- KEYS: 1 room hash, 2 live zset (room id -> createdAt)
-- ARGV: 1 roomId
-- Returns 1 if the room is on the list now, else 0
local f = redis.call('HMGET', KEYS[1], 'live', 'listed', 'createdAt')
if f[1] == '1' and f[2] == '1' then
  redis.call('ZADD', KEYS[2], tonumber(f[3] or '0') or 0, ARGV[1])
  return 1
end
redis.call('ZREM', KEYS[2], ARGV[1])
return 0
