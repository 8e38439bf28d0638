-- The rooms that are live and listed now, most participants first (then newest), each with its
-- host's name. An entry of the live zset whose room is gone, no longer live or unlisted is dropped
-- on the way (listing.lua keeps unlisted rooms out; this is the safety net).
-- KEYS: 1 live zset (room id -> createdAt)
-- ARGV: 1 key prefix, 2 limit
-- Returns {{roomId, name, createdAt, hostId, hostName ('' while the host is away), participantCount, guestCount}, ...}
local rows = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local k = ARGV[1] .. 'room:' .. id
  local f = redis.call('HMGET', k, 'name', 'createdAt', 'live', 'hostId', 'listed')
  if f[1] and f[3] == '1' and f[5] == '1' then
    local n = redis.call('HLEN', k .. ':members')
    local hostName = ''
    local guests = n
    if f[4] then
      local h = redis.call('HGET', k .. ':members', f[4])
      if h then
        guests = n - 1
        local ok, m = pcall(cjson.decode, h)
        if ok and type(m) == 'table' and type(m['username']) == 'string' then hostName = m['username'] end
      end
    end
    rows[#rows + 1] = {id, f[1], f[2] or '0', f[4] or '', hostName, n, guests, tonumber(f[2] or '0') or 0}
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
table.sort(rows, function(a, b)
  if a[6] ~= b[6] then return a[6] > b[6] end
  if a[8] ~= b[8] then return a[8] > b[8] end
  return a[1] < b[1]
end)
local out = {}
for i = 1, math.min(#rows, tonumber(ARGV[2])) do
  local r = rows[i]
  out[i] = {r[1], r[2], r[3], r[4], r[5], r[6], r[7]}
end
return out
