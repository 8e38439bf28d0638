-- Renames a member. KEYS: 1 members hash. ARGV: 1 userId, 2 new username.
-- Returns the updated member JSON, or false when the user is not a member.
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return false end
local m = cjson.decode(existing)
m['username'] = ARGV[2]
local json = cjson.encode(m)
redis.call('HSET', KEYS[1], ARGV[1], json)
return json
