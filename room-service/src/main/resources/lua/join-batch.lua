-- Admits a batch of members (one gateway, one room) atomically. Per member: kicked users, banned
-- devices and the host's id are refused; a guest from an address banned a while ago is refused unless
-- its device was in the room before that ban; a name another member holds (or the host, present or
-- away) is refused, unless that member is the same device (a reload); the host's place is reserved
-- (guests may fill at most max - 1 places); a member already in the room is refreshed ('rejoined',
-- never counted twice). A device the host made a co-host is a co-host again (a reload), and so is a
-- member that rejoins under its user id.
-- KEYS: 1 room hash, 2 members hash, 3 kicked set, 4 gateway-members set (of ARGV[4]), 5 activity zset,
--       6 host-grace zset, 7 gateways zset, 8 names hash, 9 bans hash, 10 devices hash, 11 co-hosts hash
-- ARGV: 1 max users (host included), 2 now ms, 3 roomId, 4 gatewayId, 5 key prefix, 6 most devices remembered,
--       then per member 6 values: userId, member JSON, isHost ('1'/'0'), name keys (tab-separated, '' = not reserved),
--       device hash (''), address hash ('')
-- Returns {n, then per member: status, memberCount after it, hostWasConnected, presenceVersion after it,
--          cohost ('1'/'0')}
-- status: joined | rejoined | not_found | kicked | banned | name_taken | host_id | full
-- Every member that joins (not a rejoin) adds one to the room's presenceVersion.
local function keysOf(s)
  local t = {}
  if s then for k in string.gmatch(s, '[^\t]+') do t[#t + 1] = k end end
  return t
end
local n = (#ARGV - 6) / 6
local now = tonumber(ARGV[2])
local out = {n}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 1, n do
    out[#out + 1] = 'not_found'; out[#out + 1] = 0; out[#out + 1] = '0'; out[#out + 1] = 0; out[#out + 1] = '0'
  end
  return out
end
local version = tonumber(redis.call('HGET', KEYS[1], 'presenceVersion') or '0')
local max = tonumber(ARGV[1])
local hostId = redis.call('HGET', KEYS[1], 'hostId')
local count = redis.call('HLEN', KEYS[2])
local hostIn = redis.call('HEXISTS', KEYS[2], hostId) == 1
local touched = false
for i = 0, n - 1 do
  local at = 7 + i * 6
  local userId, json, isHost = ARGV[at], ARGV[at + 1], ARGV[at + 2] == '1'
  local nameKey, device, address = ARGV[at + 3], ARGV[at + 4], ARGV[at + 5]
  local status = nil
  local wasConnected = '0'
  local cohost = '0'
  if not isHost then
    if userId == hostId then status = 'host_id'
    elseif redis.call('SISMEMBER', KEYS[3], userId) == 1 then status = 'kicked'
    elseif device ~= '' and redis.call('HEXISTS', KEYS[9], 'd:' .. device) == 1 then status = 'banned'
    elseif address ~= '' then
      local ban = redis.call('HGET', KEYS[9], 'a:' .. address)
      if ban then
        local untilMs, bannedAt = string.match(ban, '^(%d+) (%d+)')
        if tonumber(untilMs) > now then
          local seen = device ~= '' and redis.call('HGET', KEYS[10], device)
          if not seen or tonumber(seen) >= tonumber(bannedAt) then status = 'banned' end
        end
      end
    end
    for _, k in ipairs(keysOf(nameKey)) do
      local holder = not status and redis.call('HGET', KEYS[8], k)
      if holder and holder ~= userId then
        local held = holder == hostId or redis.call('HGET', KEYS[2], holder)
        -- the same browser coming back (a reload racing its old socket's leave) takes its name back
        if held == true or (held and not (device ~= '' and cjson.decode(held)['deviceHash'] == device)) then
          status = 'name_taken'
        end
      end
    end
  end
  local existing = nil
  if not status then
    existing = redis.call('HGET', KEYS[2], userId)
    if not existing and not isHost then
      local guests = count
      if hostIn then guests = count - 1 end
      if guests >= max - 1 then status = 'full' end
    end
  end
  if not status then
    if existing then
      local was = cjson.decode(existing)
      local old = was['gatewayId']
      if old and old ~= ARGV[4] then
        redis.call('SREM', ARGV[5] .. 'gateway:' .. old .. ':members', ARGV[3] .. ' ' .. userId)
      end
      for _, k in ipairs(keysOf(was['nameKey'])) do
        if redis.call('HGET', KEYS[8], k) == userId then redis.call('HDEL', KEYS[8], k) end
      end
    else
      count = count + 1
      version = redis.call('HINCRBY', KEYS[1], 'presenceVersion', 1)
      if isHost then hostIn = true end
    end
    if not isHost and ((device ~= '' and redis.call('HEXISTS', KEYS[11], 'd:' .. device) == 1)
        or (existing and cjson.decode(existing)['cohost'] == true)) then
      cohost = '1'
      local m = cjson.decode(json)
      m['cohost'] = true
      json = cjson.encode(m)
    end
    redis.call('HSET', KEYS[2], userId, json)
    for _, k in ipairs(keysOf(nameKey)) do redis.call('HSET', KEYS[8], k, userId) end
    if device ~= '' and redis.call('HLEN', KEYS[10]) < tonumber(ARGV[6]) then
      redis.call('HSETNX', KEYS[10], device, ARGV[2])
    end
    redis.call('SADD', KEYS[4], ARGV[3] .. ' ' .. userId)
    touched = true
    wasConnected = redis.call('HGET', KEYS[1], 'hostConnected') or '0'
    if isHost then
      redis.call('HSET', KEYS[1], 'hostConnected', '1')
      redis.call('ZREM', KEYS[6], ARGV[3])
    end
    if existing then status = 'rejoined' else status = 'joined' end
  end
  out[#out + 1] = status; out[#out + 1] = count; out[#out + 1] = wasConnected; out[#out + 1] = version
  out[#out + 1] = cohost
end
if touched then
  -- a join call proves its gateway alive: move its heartbeat forward (never back)
  redis.call('ZADD', KEYS[7], 'GT', ARGV[2], ARGV[4])
  redis.call('ZADD', KEYS[5], ARGV[2], ARGV[3])
end
return out
