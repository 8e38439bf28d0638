-- Claims a host handover: if ARGV[1] is the room's handover secret hash and it has not expired,
-- the room's host token hash becomes ARGV[3] and the handover is used up (one claim only).
-- KEYS: 1 room hash
-- ARGV: 1 handover secret hash, 2 now ms, 3 new host token hash
-- Returns 'ok', 'not_found', 'expired' or 'wrong'
if redis.call('EXISTS', KEYS[1]) == 0 then return 'not_found' end
local h = redis.call('HMGET', KEYS[1], 'handoverHash', 'handoverUntil')
if not h[1] or h[1] ~= ARGV[1] then return 'wrong' end
if tonumber(h[2] or '0') < tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[1], 'handoverHash', 'handoverUntil')
  return 'expired'
end
redis.call('HSET', KEYS[1], 'tokenHash', ARGV[3])
redis.call('HDEL', KEYS[1], 'handoverHash', 'handoverUntil')
return 'ok'
