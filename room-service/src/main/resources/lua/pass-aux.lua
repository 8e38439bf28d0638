-- Passing the aux (who broadcasts in a live room). Room hash fields: auxUser (who has it; absent:
-- the host), auxFrom and auxAt (the last handoff: from whom, at which server µs), auxOffer (a
-- standing offer). One script so that an offer, its accept and a leave cannot interleave.
-- KEYS: 1 room hash, 2 members hash
-- ARGV: 1 op: offer | accept | decline | return | gone, 2 user id ('' = the host acting), 3 cut time µs
-- Returns {status, userId?}: offer -> ok | not_found | not_live | not_member | host | holder
--   accept -> {ok, from} | not_found | not_live | no_offer;  decline -> {ok, offeredTo} | no_offer
--   return -> {ok, from} | not_live | host_has_it | not_holder;  gone -> {returned, host} | {withdrawn, offeredTo} | {none}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
local r = redis.call('HMGET', KEYS[1], 'hostId', 'live', 'auxUser', 'auxOffer')
local host, live, holder, offer = r[1], r[2] == '1', r[3] or r[1], r[4]
local op, user = ARGV[1], ARGV[2]
local function handoff(from, to)
  redis.call('HSET', KEYS[1], 'auxUser', to, 'auxFrom', from, 'auxAt', ARGV[3])
end
if op == 'offer' then
  if not live then return {'not_live'} end
  if redis.call('HEXISTS', KEYS[2], user) == 0 then return {'not_member'} end
  if user == host then return {'host'} end
  if user == holder then return {'holder'} end
  redis.call('HSET', KEYS[1], 'auxOffer', user)
  return {'ok'}
elseif op == 'accept' then
  if not live then return {'not_live'} end
  if offer ~= user or redis.call('HEXISTS', KEYS[2], user) == 0 then return {'no_offer'} end
  redis.call('HDEL', KEYS[1], 'auxOffer')
  handoff(holder, user)
  return {'ok', holder}
elseif op == 'decline' then
  if not offer or (user ~= '' and user ~= offer) then return {'no_offer'} end
  redis.call('HDEL', KEYS[1], 'auxOffer')
  return {'ok', offer}
elseif op == 'return' then
  if not live then return {'not_live'} end
  if holder == host then return {'host_has_it'} end
  if user ~= '' and user ~= holder then return {'not_holder'} end
  handoff(holder, host)
  return {'ok', holder}
elseif op == 'gone' then
  if live and holder == user and user ~= host then
    handoff(user, host)
    return {'returned', host}
  end
  if offer and offer == user then
    redis.call('HDEL', KEYS[1], 'auxOffer')
    return {'withdrawn', offer}
  end
  return {'none'}
end
return {'bad_op'}
