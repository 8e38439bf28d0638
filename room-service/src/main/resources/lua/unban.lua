-- Lifts one ban: its device, its address (if that address ban is still this one's) and its user id.
-- KEYS: 1 bans hash, 2 kicked set
-- ARGV: 1 banId
-- Returns 1 when the ban existed, else 0
local json = redis.call('HGET', KEYS[1], 'b:' .. ARGV[1])
if not json then return 0 end
local ban = cjson.decode(json)
if ban['deviceHash'] and redis.call('HGET', KEYS[1], 'd:' .. ban['deviceHash']) == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'd:' .. ban['deviceHash'])
end
if ban['addressHash'] then
  local a = redis.call('HGET', KEYS[1], 'a:' .. ban['addressHash'])
  if a and string.match(a, ' ([^ ]+)$') == ARGV[1] then redis.call('HDEL', KEYS[1], 'a:' .. ban['addressHash']) end
end
if ban['userId'] then redis.call('SREM', KEYS[2], ban['userId']) end
redis.call('HDEL', KEYS[1], 'b:' .. ARGV[1])
return 1
