package dev.roomcast.room.store;

import dev.roomcast.protocol.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rooms and members in Redis (layout: docs/REDIS.md). Blocking calls: used from worker threads
 * only (REST methods, scheduled jobs, @Blocking consumers). Every change that must be atomic is a
 * Lua script; no KEYS or SCAN anywhere.
 */
@ApplicationScoped
public class RoomStore {
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;

    public RoomStore(RedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
    }

    public void create(String roomId, Map<String, String> fields, long now) {
        hashes.hset(RedisKeys.room(roomId), fields);
        redis.sortedSet(String.class).zadd(RedisKeys.ROOMS, now, roomId);
        redis.sortedSet(String.class).zadd(RedisKeys.ROOMS_ACTIVITY, now, roomId);
    }

    public Optional<StoredRoom> find(String roomId) {
        Map<String, String> h = hashes.hgetall(RedisKeys.room(roomId));
        return h == null || h.isEmpty() || !h.containsKey(StoredRoom.HOST_ID)
                ? Optional.empty() : Optional.of(StoredRoom.of(roomId, h));
    }

    /** Members, host first, then by arrival. */
    public List<Member> members(String roomId) {
        Map<String, String> h = hashes.hgetall(RedisKeys.members(roomId));
        List<Member> out = new ArrayList<>(h.size());
        for (String json : h.values()) {
            out.add(Member.of(json));
        }
        out.sort(ORDER);
        return out;
    }

    public Optional<Member> member(String roomId, String userId) {
        String json = hashes.hget(RedisKeys.members(roomId), userId);
        return json == null ? Optional.empty() : Optional.of(Member.of(json));
    }

    /**
     * Admits members of one gateway in one script run (join-batch.lua): atomic for the whole batch,
     * same rules per member as a single join. Results in the order of {@code batch}.
     */
    public List<JoinResult> joinBatch(String roomId, String gatewayId, List<Member> batch, int maxUsers, long now) {
        List<String> args = new ArrayList<>(6 + 6 * batch.size());
        args.add(String.valueOf(maxUsers));
        args.add(String.valueOf(now));
        args.add(roomId);
        args.add(gatewayId);
        args.add(RedisKeys.PREFIX);
        args.add(String.valueOf(MAX_DEVICES_REMEMBERED));
        for (Member m : batch) {
            args.add(m.userId());
            args.add(m.json());
            args.add(m.isHost() ? "1" : "0");
            args.add(orEmpty(m.nameKey()));
            args.add(orEmpty(m.deviceHash()));
            args.add(orEmpty(m.addressHash()));
        }
        Response r = Scripts.JOIN_BATCH.run(redis,
                List.of(RedisKeys.room(roomId), RedisKeys.members(roomId), RedisKeys.kicked(roomId),
                        RedisKeys.gatewayMembers(gatewayId), RedisKeys.ROOMS_ACTIVITY,
                        RedisKeys.ROOMS_HOST_GRACE, RedisKeys.GATEWAYS, RedisKeys.names(roomId),
                        RedisKeys.bans(roomId), RedisKeys.devices(roomId), RedisKeys.cohosts(roomId)), args);
        int n = r.get(0).toInteger();
        List<JoinResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = 1 + 5 * i;
            JoinResult.Status status = JoinResult.Status.valueOf(r.get(at).toString().toUpperCase());
            out.add(new JoinResult(status, r.get(at + 1).toInteger(), "1".equals(r.get(at + 2).toString()),
                    r.get(at + 3).toLong(), "1".equals(r.get(at + 4).toString())));
        }
        return out;
    }

    /**
     * Most devices a room remembers (for telling a device that was in the room before an address
     * ban from one that comes after it); past it, new devices are simply not remembered.
     */
    static final int MAX_DEVICES_REMEMBERED = 100_000;

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Several members at once (HMGET), in the order asked; absent ones are empty. */
    public List<Optional<Member>> members(String roomId, List<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        Map<String, String> found = hashes.hmget(RedisKeys.members(roomId), userIds.toArray(String[]::new));
        List<Optional<Member>> out = new ArrayList<>(userIds.size());
        for (String id : userIds) {
            String json = found == null ? null : found.get(id);
            out.add(json == null ? Optional.empty() : Optional.of(Member.of(json)));
        }
        return out;
    }

    public long memberCount(String roomId) {
        return hashes.hlen(RedisKeys.members(roomId));
    }

    /**
     * At most {@code cap} members without reading a big room whole: all of them (host first, then
     * by arrival) while the room has at most {@code cap}; otherwise the host (if present) and the
     * members one HSCAN step returns, trimmed to {@code cap} and sorted the same way. Big rooms thus
     * cost O(cap), not O(members), per call. {@code knownCount}: the member count if the caller
     * just learnt it (from the join script), else -1.
     */
    public Sample sample(String roomId, String hostId, int cap, int knownCount) {
        String key = RedisKeys.members(roomId);
        long count = knownCount >= 0 ? knownCount : hashes.hlen(key);
        if (count <= cap) {
            List<Member> all = members(roomId);
            return new Sample(all, all.size(), all.stream().anyMatch(Member::isHost));
        }
        Map<String, Member> picked = new java.util.LinkedHashMap<>();
        String hostJson = hostId == null ? null : hashes.hget(key, hostId);
        if (hostJson != null) {
            picked.put(hostId, Member.of(hostJson));
        }
        String cursor = "0";
        int rounds = 0;
        do {
            Response r = redis.execute("HSCAN", key, cursor, "COUNT", String.valueOf(cap));
            cursor = r.get(0).toString();
            Response kv = r.get(1);
            for (int i = 0; i + 1 < kv.size() && picked.size() < cap; i += 2) {
                picked.putIfAbsent(kv.get(i).toString(), Member.of(kv.get(i + 1).toString()));
            }
            rounds++;
        } while (picked.size() < cap && !"0".equals(cursor) && rounds < 4);
        List<Member> out = new ArrayList<>(picked.values());
        out.sort(ORDER);
        return new Sample(out, (int) count, hostJson != null);
    }

    /** Up to a cap of a room's members, and how many there are in all. */
    public record Sample(List<Member> members, int count, boolean hostPresent) {}

    private static final Comparator<Member> ORDER = Comparator.comparing((Member m) -> !m.isHost())
            .thenComparingLong(Member::joinedAt).thenComparing(Member::userId);

    /** Removes a member; with {@code onlyFromGateway} only while that gateway still holds it. */
    public Optional<LeaveResult> leave(String roomId, String userId, String onlyFromGateway, long now, long graceDeadline) {
        Response r = Scripts.LEAVE.run(redis,
                List.of(RedisKeys.room(roomId), RedisKeys.members(roomId), RedisKeys.ROOMS_ACTIVITY,
                        RedisKeys.ROOMS_HOST_GRACE, RedisKeys.names(roomId)),
                List.of(userId, String.valueOf(now), roomId, onlyFromGateway == null ? "" : onlyFromGateway,
                        RedisKeys.PREFIX, String.valueOf(graceDeadline)));
        if (r == null || r.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(new LeaveResult(Member.of(r.get(0).toString()), r.get(1).toInteger(),
                "1".equals(r.get(2).toString()), r.get(3).toLong()));
    }

    /** What a rename came to: the renamed member, or why not. */
    public record Renamed(Member member, boolean nameTaken) {}

    /** Empty when the user is not a member. */
    public Optional<Renamed> rename(String roomId, String userId, String username, String nameKey) {
        Response r = Scripts.RENAME.run(redis,
                List.of(RedisKeys.members(roomId), RedisKeys.names(roomId), RedisKeys.room(roomId)),
                List.of(userId, username, orEmpty(nameKey)));
        return switch (r.get(0).toString()) {
            case "ok" -> Optional.of(new Renamed(Member.of(r.get(1).toString()), false));
            case "name_taken" -> Optional.of(new Renamed(null, true));
            default -> Optional.empty();
        };
    }

    /**
     * Keeps a member out for good (kick.lua): its user id, its device, and its address until
     * {@code addressUntil} for devices new to the room. Empty when the user is not a member.
     */
    public Optional<Ban> kick(String roomId, String userId, String banId, long now, long addressUntil) {
        Response r = Scripts.KICK.run(redis,
                List.of(RedisKeys.members(roomId), RedisKeys.kicked(roomId), RedisKeys.bans(roomId),
                        RedisKeys.cohosts(roomId)),
                List.of(userId, banId, String.valueOf(now), String.valueOf(addressUntil)));
        return r == null ? Optional.empty() : Optional.of(Ban.of(r.toString()));
    }

    /** What the handover script did. */
    public enum HandoverOutcome { OK, NOT_FOUND, EXPIRED, WRONG }

    /** Claims the room's handover secret (handover.lua): the host token hash becomes {@code newTokenHash} once. */
    public HandoverOutcome claimHandover(String roomId, String secretHash, long now, String newTokenHash) {
        Response r = Scripts.HANDOVER.run(redis, List.of(RedisKeys.room(roomId)),
                List.of(secretHash, String.valueOf(now), newTokenHash));
        return HandoverOutcome.valueOf(r.toString().toUpperCase());
    }

    /**
     * One step of passing the aux (pass-aux.lua): {@code op} offer, accept, decline, return or gone,
     * by or for {@code userId} ("" for the host), with the cut at {@code atUs}. Its status and, for
     * some, a user id (docs/REDIS.md).
     */
    public List<String> passAux(String roomId, String op, String userId, long atUs) {
        Response r = Scripts.PASS_AUX.run(redis, List.of(RedisKeys.room(roomId), RedisKeys.members(roomId)),
                List.of(op, userId, String.valueOf(atUs)));
        List<String> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.add(r.get(i).toString());
        }
        return out;
    }

    /** What the co-host script did. */
    public enum CohostOutcome { OK, NOT_MEMBER, HOST }

    /** Makes a member a co-host or not (cohost.lua); the updated member when {@code OK}. */
    public CohostOutcome cohost(String roomId, String userId, boolean cohost) {
        Response r = Scripts.COHOST.run(redis,
                List.of(RedisKeys.members(roomId), RedisKeys.cohosts(roomId), RedisKeys.room(roomId)),
                List.of(userId, cohost ? "1" : "0"));
        return CohostOutcome.valueOf(r.get(0).toString().toUpperCase());
    }

    /** No chat from this member (its user id and, if known, its device) until {@code until} ms; 0 lifts it. */
    public void mute(String roomId, Member m, long until) {
        String key = RedisKeys.muted(roomId);
        List<String> fields = new ArrayList<>(2);
        fields.add("u:" + m.userId());
        if (m.deviceHash() != null) {
            fields.add("d:" + m.deviceHash());
        }
        if (until <= 0) {
            hashes.hdel(key, fields.toArray(String[]::new));
        } else {
            Map<String, String> set = new java.util.HashMap<>();
            fields.forEach(f -> set.put(f, String.valueOf(until)));
            hashes.hset(key, set);
        }
    }

    /** Of these devices, the ones muted in the room now, with until when (one HMGET). */
    public Map<String, Long> mutedDevices(String roomId, List<String> deviceHashes, long now) {
        if (deviceHashes.isEmpty()) {
            return Map.of();
        }
        Map<String, String> found = hashes.hmget(RedisKeys.muted(roomId),
                deviceHashes.stream().map(h -> "d:" + h).toArray(String[]::new));
        Map<String, Long> out = new java.util.HashMap<>();
        found.forEach((field, v) -> {
            if (v != null && v.matches("\\d{1,19}") && Long.parseLong(v) > now) {
                out.put(field.substring(2), Long.parseLong(v));
            }
        });
        return out;
    }

    /** The room's bans, oldest first. */
    public List<Ban> bans(String roomId) {
        Map<String, String> all = hashes.hgetall(RedisKeys.bans(roomId));
        List<Ban> out = new ArrayList<>();
        all.forEach((field, value) -> {
            if (field.startsWith("b:")) {
                out.add(Ban.of(value));
            }
        });
        out.sort(Comparator.comparingLong(Ban::bannedAt).thenComparing(Ban::banId));
        return out;
    }

    /** True if the ban existed (and is lifted now). */
    public boolean unban(String roomId, String banId) {
        return Scripts.UNBAN.run(redis, List.of(RedisKeys.bans(roomId), RedisKeys.kicked(roomId)), List.of(banId))
                .toLong() == 1;
    }

    /**
     * Sets and deletes fields of an existing room (never re-creating a closed one).
     *
     * @param touchAt activity time to record, or 0 to leave the activity alone
     * @return the room's live flag before the change, or empty if the room does not exist
     */
    public Optional<Boolean> update(String roomId, Map<String, String> set, List<String> delete, long touchAt) {
        List<String> args = new ArrayList<>();
        args.add(roomId);
        args.add(touchAt > 0 ? String.valueOf(touchAt) : "");
        args.add(String.valueOf(delete.size()));
        args.addAll(delete);
        set.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        long r = Scripts.UPDATE.run(redis, List.of(RedisKeys.room(roomId), RedisKeys.ROOMS_ACTIVITY), args).toLong();
        return r < 0 ? Optional.empty() : Optional.of(r == 1);
    }

    /** Closes the room now (host) or only if idle since {@code cutoff} (inactive). True if this call closed it. */
    public boolean close(String roomId, boolean onlyIfIdle, long cutoff, long now) {
        Response r = Scripts.CLOSE.run(redis,
                List.of(RedisKeys.room(roomId), RedisKeys.members(roomId), RedisKeys.kicked(roomId),
                        RedisKeys.chat(roomId), RedisKeys.ROOMS, RedisKeys.ROOMS_ACTIVITY, RedisKeys.ROOMS_HOST_GRACE,
                        RedisKeys.ROOMS_LIVE, RedisKeys.names(roomId), RedisKeys.bans(roomId), RedisKeys.devices(roomId),
                        RedisKeys.muted(roomId), RedisKeys.cohosts(roomId), RedisKeys.slowMode(roomId),
                        RedisKeys.art(roomId), RedisKeys.artOrder(roomId), RedisKeys.requests(roomId), RedisKeys.peek(roomId)),
                List.of(roomId, onlyIfIdle ? "inactive" : "host", String.valueOf(cutoff), RedisKeys.PREFIX,
                        String.valueOf(now)));
        return r.toLong() == 1;
    }

    /** Stops the broadcast of a room whose host grace ran out. True if this call stopped it. */
    public boolean hostLost(String roomId, long now) {
        Response r = Scripts.HOST_LOST.run(redis,
                List.of(RedisKeys.room(roomId), RedisKeys.ROOMS_HOST_GRACE, RedisKeys.ROOMS_ACTIVITY, RedisKeys.ROOMS_LIVE),
                List.of(roomId, String.valueOf(now)));
        return r.toLong() == 1;
    }

    /** The rooms that are live now, most participants first (list.lua). */
    public List<RoomSummaryRow> listLive(int limit) {
        Response r = Scripts.LIST.run(redis, List.of(RedisKeys.ROOMS_LIVE), List.of(RedisKeys.PREFIX, String.valueOf(limit)));
        List<RoomSummaryRow> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            Response row = r.get(i);
            String hostName = row.get(4).toString();
            out.add(new RoomSummaryRow(row.get(0).toString(), row.get(1).toString(), parseLong(row.get(2).toString()),
                    row.get(3).toString(), hostName.isEmpty() ? null : hostName, Math.max(0, row.get(5).toInteger()),
                    Math.max(0, row.get(6).toInteger())));
        }
        return out;
    }

    /**
     * Puts the room on the public live list if it is live and listed now, else takes it off
     * (listing.lua reads both flags in the same step, so concurrent changes settle right).
     */
    public void syncListing(String roomId) {
        Scripts.LISTING.run(redis, List.of(RedisKeys.room(roomId), RedisKeys.ROOMS_LIVE), List.of(roomId));
    }

    /**
     * Counts the wrong ones of some password tries against their address's counter in one step
     * (password-tries.lua). Per try, in order: {@code null} if it may go on, else the ms until its
     * address may try again.
     */
    public List<Long> passwordTries(String roomId, List<String> addressKeys, List<Boolean> wrong, int limit, long windowMs) {
        List<String> keys = new ArrayList<>(addressKeys.size());
        List<String> args = new ArrayList<>(2 + wrong.size());
        args.add(String.valueOf(limit));
        args.add(String.valueOf(windowMs));
        for (int i = 0; i < addressKeys.size(); i++) {
            keys.add(RedisKeys.passwordTries(roomId, addressKeys.get(i)));
            args.add(wrong.get(i) ? "1" : "0");
        }
        Response r = Scripts.PASSWORD_TRIES.run(redis, keys, args);
        List<Long> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            Response row = r.get(i);
            out.add(row.get(0).toInteger() == 1 ? null : Math.max(1, row.get(1).toLong()));
        }
        return out;
    }

    /** Takes the room off the live list (its broadcast stopped). */
    public void unmarkLive(String roomId) {
        redis.sortedSet(String.class).zrem(RedisKeys.ROOMS_LIVE, roomId);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Rooms whose last activity is at or before {@code cutoff}, oldest first. */
    public List<String> idleSince(long cutoff, int limit) {
        return zrangeUpTo(RedisKeys.ROOMS_ACTIVITY, cutoff, limit);
    }

    /** Rooms whose host grace deadline is at or before {@code now}. */
    public List<String> hostGraceOver(long now, int limit) {
        return zrangeUpTo(RedisKeys.ROOMS_HOST_GRACE, now, limit);
    }

    public long roomCount() {
        return redis.sortedSet(String.class).zcard(RedisKeys.ROOMS);
    }

    List<String> zrangeUpTo(String key, long max, int limit) {
        Response r = redis.execute("ZRANGE", key, "-inf", String.valueOf(max), "BYSCORE", "LIMIT", "0", String.valueOf(limit));
        List<String> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.add(r.get(i).toString());
        }
        return out;
    }
}
