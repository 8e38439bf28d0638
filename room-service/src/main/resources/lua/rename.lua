-- Renames a member, unless another member (or the host, present or away) holds the new name.
-- KEYS: 1 members hash, 2 names hash, 3 room hash
-- ARGV: 1 userId, 2 new username, 3 its name keys (tab-separated, '' = not reserved)
-- Returns {'ok', updated member JSON}, {'name_taken'}, or {'not_member'}
local function keysOf(s)
  local t = {}
  if s then for k in string.gmatch(s, '[^\t]+') do t[#t + 1] = k end end
  return t
end
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return {'not_member'} end
local newKeys = keysOf(ARGV[3])
local hostId = redis.call('HGET', KEYS[3], 'hostId')
for _, k in ipairs(newKeys) do
  local holder = redis.call('HGET', KEYS[2], k)
  if holder and holder ~= ARGV[1] and (holder == hostId or redis.call('HEXISTS', KEYS[1], holder) == 1) then
    return {'name_taken'}
  end
end
local m = cjson.decode(existing)
for _, k in ipairs(keysOf(m['nameKey'])) do
  if redis.call('HGET', KEYS[2], k) == ARGV[1] then redis.call('HDEL', KEYS[2], k) end
end
m['username'] = ARGV[2]
if ARGV[3] ~= '' then m['nameKey'] = ARGV[3] else m['nameKey'] = nil end
for _, k in ipairs(newKeys) do redis.call('HSET', KEYS[2], k, ARGV[1]) end
local json = cjson.encode(m)
redis.call('HSET', KEYS[1], ARGV[1], json)
return {'ok', json}
