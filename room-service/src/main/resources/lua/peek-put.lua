-- Puts a tab peek frame in a live room's one peek slot, at most one per interval, for a short TTL.
-- KEYS: 1 room hash, 2 peek hash
-- ARGV: 1 image bytes, 2 now ms, 3 min interval ms, 4 ttl ms, 5 the frame's key
-- Returns -1 when the room is gone, -2 when it is not live, -3 - wait (ms) when too soon, else 0
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'live') ~= '1' then return -2 end
local last = tonumber(redis.call('HGET', KEYS[2], 'at') or '0')
local now = tonumber(ARGV[2])
local wait = last + tonumber(ARGV[3]) - now
if wait > 0 then return -3 - wait end
redis.call('HSET', KEYS[2], 'img', ARGV[1], 'at', ARGV[2], 'key', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 0
