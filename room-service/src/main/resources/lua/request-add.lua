-- Adds an open track request, in one step: the room exists, requests are on, the member has budget
-- (a token bucket: one token per interval, at most burst), the room has fewer than cap open requests.
-- A refused request spends no token.
-- KEYS: 1 room hash, 2 requests hash, 3 the member's rate hash
-- ARGV: 1 request JSON, 2 now ms, 3 cap, 4 interval ms, 5 burst
-- Returns {id} when added; {-1} the room is gone, {-2} requests are off, {-3} full, {-4, ms to wait} over the rate
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if redis.call('HGET', KEYS[1], 'requestsOff') == '1' then return {-2} end
local now = tonumber(ARGV[2])
local interval = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[3], 'tokens', 't')
local tokens = burst
if state[1] then
  tokens = math.min(burst, tonumber(state[1]) + (now - tonumber(state[2])) / interval)
end
if tokens < 1 then return {-4, math.ceil((1 - tokens) * interval)} end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return {-3} end
local id = redis.call('HINCRBY', KEYS[1], 'requestSeq', 1)
redis.call('HSET', KEYS[2], id, ARGV[1])
redis.call('HSET', KEYS[3], 'tokens', tostring(tokens - 1), 't', ARGV[2])
redis.call('PEXPIRE', KEYS[3], math.ceil(burst * interval))
return {id}
