-- The newest rooms with what the room list shows.
-- KEYS: 1 rooms zset
-- ARGV: 1 key prefix, 2 limit
-- Returns {{roomId, name, createdAt, live, guestCount}, ...} newest first
local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local out = {}
for _, id in ipairs(ids) do
  local k = ARGV[1] .. 'room:' .. id
  local f = redis.call('HMGET', k, 'name', 'createdAt', 'live', 'hostId')
  if f[1] then
    local n = redis.call('HLEN', k .. ':members')
    if f[4] and redis.call('HEXISTS', k .. ':members', f[4]) == 1 then n = n - 1 end
    table.insert(out, {id, f[1], f[2] or '0', f[3] or '0', n})
  end
end
return out
