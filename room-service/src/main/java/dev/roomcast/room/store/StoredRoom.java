package dev.roomcast.room.store;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.AuxState;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.protocol.message.ServerMessage.BroadcastStats;
import java.util.List;
import java.util.Map;

/**
 * The fields of a room hash ({@code RedisKeys.room}); see docs/REDIS.md. {@code bufferLevel} is the
 * median of the listeners' last reported buffers (-1: none yet); {@code presenceVersion} counts
 * the arrivals and departures of the room.
 */
public record StoredRoom(String roomId, String name, String hostId, String tokenHash, long createdAt, boolean live,
                         LatencyPreset preset, AudioConfig audioConfig, String passwordHash, boolean hostConnected,
                         long broadcastStartedAt, BroadcastStats stats, int bufferLevel, long presenceVersion,
                         boolean listed, int slowModeSeconds, AuxState aux, NowPlaying track) {

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
    public static final String BUFFER_LEVEL = "bufferLevel";
    public static final String PRESENCE_VERSION = "presenceVersion";
    /** "1": on the public list (GET /rooms) while live; absent or "0": reached by its link only. */
    public static final String LISTED = "listed";
    /** Seconds between two chat messages of a guest (absent or "0": slow mode off); read by chat-service too. */
    public static final String SLOW_MODE = "slowMode";
    /** SHA-256 of the outstanding host handover secret (one at a time), and until when (ms) it works. */
    public static final String HANDOVER_HASH = "handoverHash";
    public static final String HANDOVER_UNTIL = "handoverUntil";
    /** Passing the aux (pass-aux.lua): who has it, from whom and since when (µs), a standing offer. */
    public static final String AUX_USER = "auxUser";
    public static final String AUX_FROM = "auxFrom";
    public static final String AUX_AT = "auxAt";
    public static final String AUX_OFFER = "auxOffer";
    /** What plays (track:set): the NowPlaying JSON, for a late joiner. */
    public static final String TRACK = "track";
    /** What a broadcast that starts or stops forgets: who has the aux, what plays. */
    public static final List<String> BROADCAST_STATE = List.of(AUX_USER, AUX_FROM, AUX_AT, AUX_OFFER, TRACK);

    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    /** The same room with its host marked connected (a join answer built before the hash is read again). */
    public StoredRoom withHostConnected() {
        return new StoredRoom(roomId, name, hostId, tokenHash, createdAt, live, preset, audioConfig, passwordHash, true,
                broadcastStartedAt, stats, bufferLevel, presenceVersion, listed,
                slowModeSeconds, aux, track);
    }

    static StoredRoom of(String roomId, Map<String, String> h) {
        String audio = h.get(AUDIO_CONFIG);
        String stats = h.get(STATS);
        String buffer = h.get(BUFFER_LEVEL);
        return new StoredRoom(roomId, h.get(NAME), h.get(HOST_ID), h.get(TOKEN_HASH), parseLong(h.get(CREATED_AT)),
                "1".equals(h.get(LIVE)), preset(roomId, h.get(PRESET)),
                audio == null || audio.isEmpty() ? null : BusJson.decode(audio, AudioConfig.class),
                h.get(PASSWORD_HASH), "1".equals(h.get(HOST_CONNECTED)), parseLong(h.get(BROADCAST_STARTED_AT)),
                stats == null || stats.isEmpty() ? null : BusJson.decode(stats, BroadcastStats.class),
                buffer == null ? -1 : (int) parseLong(buffer), parseLong(h.get(PRESENCE_VERSION)), "1".equals(h.get(LISTED)),
                (int) parseLong(h.get(SLOW_MODE)), aux(h),
                h.get(TRACK) == null || h.get(TRACK).isEmpty() ? null : BusJson.decode(h.get(TRACK), NowPlaying.class));
    }

    /** Null while the aux was never passed and nothing is offered. */
    private static AuxState aux(Map<String, String> h) {
        String user = h.get(AUX_USER);
        String offer = h.get(AUX_OFFER);
        if (user == null && offer == null) {
            return null;
        }
        return new AuxState(user == null ? h.get(HOST_ID) : user, h.get(AUX_FROM), parseLong(h.get(AUX_AT)), offer);
    }

    /** Every room is created with a preset; a hash without a valid one is damaged data, not a client's mistake. */
    private static LatencyPreset preset(String roomId, String wire) {
        try {
            return LatencyPreset.ofWire(wire);
        } catch (RuntimeException e) {
            throw new IllegalStateException("room " + roomId + " has no valid preset: " + wire);
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
