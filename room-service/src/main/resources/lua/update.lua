-- Sets fields of an existing room hash (never re-creates a closed room), deletes others, and
-- returns the 'live' flag it had before.
-- KEYS: 1 room hash, 2 activity zset (touched when ARGV[2] ~= '')
-- ARGV: 1 roomId, 2 now ms or '', 3 number of fields to delete N, 4..3+N fields to delete, then field value pairs
-- Returns -1 when the room does not exist, else the previous live flag (0/1)
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local wasLive = 0
if redis.call('HGET', KEYS[1], 'live') == '1' then wasLive = 1 end
local n = tonumber(ARGV[3])
for i = 4, 3 + n do redis.call('HDEL', KEYS[1], ARGV[i]) end
if #ARGV > 3 + n then redis.call('HSET', KEYS[1], unpack(ARGV, 4 + n)) end
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1]) end
return wasLive
