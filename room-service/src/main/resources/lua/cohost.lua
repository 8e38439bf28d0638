-- Makes a member a co-host (ARGV[2] '1') or no longer one ('0'): the flag in its member JSON, and its
-- device in the co-hosts hash, so that the same browser is a co-host again after a reload.
-- KEYS: 1 members hash, 2 co-hosts hash, 3 room hash
-- ARGV: 1 userId, 2 '1' | '0'
-- Returns {'ok', updated member JSON}, {'not_member'} or {'host'}
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return {'not_member'} end
if redis.call('HGET', KEYS[3], 'hostId') == ARGV[1] then return {'host'} end
local m = cjson.decode(existing)
if ARGV[2] == '1' then m['cohost'] = true else m['cohost'] = false end
if m['deviceHash'] then
  if ARGV[2] == '1' then
    redis.call('HSET', KEYS[2], 'd:' .. m['deviceHash'], ARGV[1])
  else
    redis.call('HDEL', KEYS[2], 'd:' .. m['deviceHash'])
  end
end
local json = cjson.encode(m)
redis.call('HSET', KEYS[1], ARGV[1], json)
return {'ok', json}
