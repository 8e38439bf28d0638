package dev.roomcast.room.store;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage.BroadcastStats;
import java.util.Map;

/** The fields of a room hash ({@code RedisKeys.room}); see docs/REDIS.md. */
public record StoredRoom(String roomId, String name, String hostId, String tokenHash, long createdAt, boolean live,
                         LatencyPreset preset, AudioConfig audioConfig, String passwordHash, boolean hostConnected,
                         long broadcastStartedAt, BroadcastStats stats) {

    public static final String NAME = "name";
    public static final String HOST_ID = "hostId";
    public static final String TOKEN_HASH = "tokenHash";
    public static final String CREATED_AT = "createdAt";
    public static final String LIVE = "live";
    public static final String PRESET = "preset";
    public static final String AUDIO_CONFIG = "audioConfig";
    public static final String PASSWORD_HASH = "passwordHash";
    public static final String HOST_CONNECTED = "hostConnected";
    public static final String BROADCAST_STARTED_AT = "broadcastStartedAt";
    public static final String STATS = "stats";

    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    static StoredRoom of(String roomId, Map<String, String> h) {
        String audio = h.get(AUDIO_CONFIG);
        String stats = h.get(STATS);
        return new StoredRoom(roomId, h.get(NAME), h.get(HOST_ID), h.get(TOKEN_HASH), parseLong(h.get(CREATED_AT)),
                "1".equals(h.get(LIVE)), preset(h.get(PRESET)),
                audio == null || audio.isEmpty() ? null : BusJson.decode(audio, AudioConfig.class),
                h.get(PASSWORD_HASH), "1".equals(h.get(HOST_CONNECTED)), parseLong(h.get(BROADCAST_STARTED_AT)),
                stats == null || stats.isEmpty() ? null : BusJson.decode(stats, BroadcastStats.class));
    }

    private static LatencyPreset preset(String wire) {
        try {
            return wire == null ? LatencyPreset.PARTY : LatencyPreset.ofWire(wire);
        } catch (RuntimeException e) {
            return LatencyPreset.PARTY;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
