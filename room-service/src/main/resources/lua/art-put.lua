-- Stores a cover art image for a room that still exists, newest last in its order; past the cap the
-- oldest go (their bytes with them). An image uploaded again only moves to the end.
-- KEYS: 1 room hash, 2 art hash, 3 art order zset
-- ARGV: 1 sha-256 hex, 2 image bytes, 3 now ms, 4 cap
-- Returns -1 when the room is gone, else how many older images were evicted
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
local evicted = 0
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[3], over) -- member, score, member, score, ...
  for i = 1, #popped, 2 do
    redis.call('HDEL', KEYS[2], popped[i])
    evicted = evicted + 1
  end
end
return evicted
