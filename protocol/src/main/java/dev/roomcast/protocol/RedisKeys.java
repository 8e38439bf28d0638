package dev.roomcast.protocol;

/** Redis key names, built in one place. Layout documented in docs/REDIS.md. */
public final class RedisKeys {
    private RedisKeys() {}

    public static final String PREFIX = "roomcast:";
    /** ZSET room id → creation time (ms): the room list, no KEYS scans. */
    public static final String ROOMS = PREFIX + "rooms";
    /** ZSET room id → last activity (ms): inactivity sweeper. */
    public static final String ROOMS_ACTIVITY = PREFIX + "rooms:activity";
    /** ZSET room id → deadline (ms) for its host to come back before the broadcast stops (host_lost). */
    public static final String ROOMS_HOST_GRACE = PREFIX + "rooms:hostgrace";
    /** ZSET room id → creation time (ms) of the rooms that are live now and listed: the public room list. */
    public static final String ROOMS_LIVE = PREFIX + "rooms:live";
    /** ZSET gateway id → last heartbeat (ms). */
    public static final String GATEWAYS = PREFIX + "gateways";

    /** HASH: the room's fields (name, hostId, tokenHash, createdAt, live, preset, presenceVersion, ...). */
    public static String room(String roomId) {
        return PREFIX + "room:" + roomId;
    }

    /** HASH userId → participant JSON. */
    public static String members(String roomId) {
        return PREFIX + "room:" + roomId + ":members";
    }

    /** SET of user ids the host kicked from the room. */
    public static String kicked(String roomId) {
        return PREFIX + "room:" + roomId + ":kicked";
    }

    /** HASH name key (NFKC, case-folded, TR39 skeleton) → the user id holding that name in the room. */
    public static String names(String roomId) {
        return PREFIX + "room:" + roomId + ":names";
    }

    /** HASH of the room's bans: {@code d:<deviceHash>} and {@code a:<addressHash>} → ban, {@code b:<banId>} → ban JSON. */
    public static String bans(String roomId) {
        return PREFIX + "room:" + roomId + ":bans";
    }

    /** HASH {@code u:<userId>} and {@code d:<deviceHash>} → until when (ms) that member may not chat. */
    public static String muted(String roomId) {
        return PREFIX + "room:" + roomId + ":muted";
    }

    /** HASH device hash → when that device first joined the room (ms). */
    public static String devices(String roomId) {
        return PREFIX + "room:" + roomId + ":devices";
    }

    /** Devices the host made co-hosts: hash {@code d:<deviceHash>} → user id (see docs/REDIS.md). */
    public static String cohosts(String roomId) {
        return PREFIX + "room:" + roomId + ":cohosts";
    }

    /** HASH request id → open track request JSON {@code {userId, username, text, at}} (see docs/REDIS.md). */
    public static String requests(String roomId) {
        return PREFIX + "room:" + roomId + ":requests";
    }

    /** HASH {@code tokens}, {@code t}: one member's track-request budget, expiring once full again. */
    public static String requestRate(String roomId, String userId) {
        return PREFIX + "room:" + roomId + ":reqrate:" + userId;
    }

    /** Slow mode: when each guest (u:<userId>, d:<deviceHash>) last sent a chat message, ms. */
    public static String slowMode(String roomId) {
        return PREFIX + "room:" + roomId + ":slow";
    }

    /**
     * STRING counter of wrong passwords for the room from one client address (IPv4, or the /64 of an
     * IPv6), expiring at the end of its window.
     */
    public static String passwordTries(String roomId, String addressKey) {
        return PREFIX + "room:" + roomId + ":pwtries:" + addressKey;
    }

    /** HASH SHA-256 (hex) → image bytes: the room's cover art (docs/REDIS.md). */
    public static String art(String roomId) {
        return PREFIX + "room:" + roomId + ":art";
    }

    /** ZSET SHA-256 (hex) → when it was last uploaded (ms): which of the room's art goes first past its cap. */
    public static String artOrder(String roomId) {
        return PREFIX + "room:" + roomId + ":artorder";
    }

    /**
     * HASH {@code img} → the latest tab peek frame's bytes, {@code at} → when it came (ms); expires
     * {@link Limits#PEEK_TTL_MS} after the latest frame (docs/REDIS.md).
     */
    public static String peek(String roomId) {
        return PREFIX + "room:" + roomId + ":peek";
    }

    /** LIST of the room's last chat messages (JSON), newest last. */
    public static String chat(String roomId) {
        return PREFIX + "room:" + roomId + ":chat";
    }

    /** SET of "roomId userId" held by one gateway, for presence clean-up when it dies. */
    public static String gatewayMembers(String gatewayId) {
        return PREFIX + "gateway:" + gatewayId + ":members";
    }
}
