-- Removes nothing itself (leave.lua does, after): keeps a member out of the room for good. Adds the
-- user id to the kicked set and, as a ban the host can list and lift, its device (for good) and its
-- address (until ARGV[4], for joins from devices the room had not seen before the ban).
-- A kicked co-host is no longer one (its device leaves the co-hosts hash).
-- KEYS: 1 members hash, 2 kicked set, 3 bans hash, 4 co-hosts hash
-- ARGV: 1 userId, 2 banId, 3 now ms, 4 address ban until ms
-- Returns the ban JSON, or false when the user is not a member
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return false end
local m = cjson.decode(existing)
redis.call('SADD', KEYS[2], ARGV[1])
local ban = {banId = ARGV[2], userId = ARGV[1], username = m['username'], bannedAt = tonumber(ARGV[3]), addressUntil = 0}
if m['deviceHash'] then
  ban['deviceHash'] = m['deviceHash']
  redis.call('HDEL', KEYS[4], 'd:' .. m['deviceHash'])
  redis.call('HSET', KEYS[3], 'd:' .. m['deviceHash'], ARGV[2])
end
if m['addressHash'] then
  ban['addressHash'] = m['addressHash']
  ban['addressUntil'] = tonumber(ARGV[4])
  redis.call('HSET', KEYS[3], 'a:' .. m['addressHash'], ARGV[4] .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
end
local json = cjson.encode(ban)
redis.call('HSET', KEYS[3], 'b:' .. ARGV[2], json)
return json
