-- Wrong room passwords per client address: a counter per room and address that lives for one window
-- from the first wrong try. A wrong try counts, and may go on while the count is at most the limit;
-- a right one does not count, and may go on while the count is below it. So after `limit` wrong
-- tries every try of that address is refused until the window ends, whatever its password.
-- KEYS: one counter per try (roomcast:room:<id>:pwtries:<address>), in order
-- ARGV: 1 limit, 2 window ms, then per try '1' (wrong password) or '0' (right password)
-- Returns per try {1 = may go on | 0 = refused, ms until the counter expires (or -2: none)}
local limit = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local ok
  if ARGV[2 + i] == '1' then
    local n = redis.call('INCR', key)
    if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2]) end
    ok = n <= limit
  else
    ok = tonumber(redis.call('GET', key) or '0') < limit
  end
  out[i] = {ok and 1 or 0, redis.call('PTTL', key)}
end
return out
