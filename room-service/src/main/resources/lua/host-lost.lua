-- Stops the broadcast of a room whose host's grace period ran out. The ZREM is the claim.
-- KEYS: 1 room hash, 2 host-grace zset, 3 activity zset, 4 live zset
-- ARGV: 1 roomId, 2 now ms
-- Returns 1 when this call stopped the broadcast, else 0
local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return 0 end
if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'hostConnected') == '1' or redis.call('HGET', KEYS[1], 'live') ~= '1' then return 0 end
redis.call('HSET', KEYS[1], 'live', '0', 'broadcastStartedAt', '0')
redis.call('HDEL', KEYS[1], 'audioConfig', 'stats', 'bufferLevel', 'auxUser', 'auxFrom', 'auxAt', 'auxOffer', 'track')
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[1])
return 1
