package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.api.CreatedRoom;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomStats;
import dev.roomcast.protocol.api.RoomSummary;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.protocol.message.ServerMessage.BroadcastStats;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.store.Member;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.Secrets;
import dev.roomcast.room.store.StoredRoom;
import dev.roomcast.room.topics.RoomTopics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Room lifecycle: create, read, close, broadcast on/off, settings, stats. Blocking: worker threads only. */
@ApplicationScoped
public class RoomService {
    private static final Logger LOG = Logger.getLogger(RoomService.class);

    private final RoomStore store;
    private final RoomTopics topics;
    private final RoomEvents events;
    private final RoomConfig config;
    private final RoomMetrics metrics;

    public RoomService(RoomStore store, RoomTopics topics, RoomEvents events, RoomConfig config, RoomMetrics metrics) {
        this.store = store;
        this.topics = topics;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Creates the room's topic first, so the room never exists without it. {@code listed}: the room
     * shows on the public list while live; otherwise only its link leads to it.
     */
    public CreatedRoom create(String roomName, boolean listed) {
        String roomId = RoomIds.newRoomId();
        String hostId = RoomIds.newUserId();
        String token = RoomIds.newHostToken();
        long now = System.currentTimeMillis();
        try {
            topics.create(roomId);
        } catch (IllegalStateException e) {
            LOG.warnf("room not created, Kafka unavailable: %s", e.getMessage());
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "cannot create the room now, try again");
        }
        Map<String, String> fields = new HashMap<>();
        fields.put(StoredRoom.NAME, roomName);
        fields.put(StoredRoom.HOST_ID, hostId);
        fields.put(StoredRoom.TOKEN_HASH, Secrets.hashToken(token));
        fields.put(StoredRoom.CREATED_AT, String.valueOf(now));
        fields.put(StoredRoom.LIVE, "0");
        fields.put(StoredRoom.PRESET, config.preset().wire());
        fields.put(StoredRoom.HOST_CONNECTED, "0");
        fields.put(StoredRoom.BROADCAST_STARTED_AT, "0");
        fields.put(StoredRoom.LISTED, listed ? "1" : "0");
        store.create(roomId, fields, now);
        metrics.roomCreated();
        LOG.infof("room %s created", roomId);
        return new CreatedRoom(roomId, roomName, hostId, token, now, null, listed);
    }

    /** The listed rooms that are live now, most participants first, at most {@code listLimit}. */
    public List<RoomSummary> list() {
        return store.listLive(config.listLimit()).stream()
                .map(r -> new RoomSummary(r.roomId(), r.name(), r.hostId(), r.hostName(), r.participantCount(),
                        r.guestCount(), true, r.createdAt()))
                .toList();
    }

    public StoredRoom room(String roomId) {
        return store.find(roomId).orElseThrow(() -> notFound());
    }

    public RoomDetails details(String roomId) {
        return details(room(roomId));
    }

    /** The room hash (with its presence version) is read before the members, so the list is at least as new. */
    public RoomDetails details(StoredRoom room) {
        List<Member> members = store.members(room.roomId());
        int guests = (int) members.stream().filter(m -> !m.isHost()).count();
        return details(room, members, members.size(), guests);
    }

    /**
     * For join answers: the room with at most {@link #JOIN_PARTICIPANTS_CAP} participants (host
     * first), so that a join into a big room costs O(cap), not O(members).
     */
    public RoomDetails joinDetails(String roomId) {
        StoredRoom room = room(roomId);
        return joinDetails(room, false, -1, room.presenceVersion());
    }

    /**
     * The same from a room hash read just before a join (no second read): {@code hostJoined} marks
     * the host connected; {@code memberCount} and {@code presenceVersion} are what the join script
     * returned (memberCount -1: read it). The members are sampled after the script, so the list is
     * at least as new as the version.
     */
    public RoomDetails joinDetails(StoredRoom room, boolean hostJoined, int memberCount, long presenceVersion) {
        if (hostJoined && !room.hostConnected()) {
            room = room.withHostConnected();
        }
        RoomStore.Sample sample = store.sample(room.roomId(), room.hostId(), JOIN_PARTICIPANTS_CAP, memberCount);
        return details(room, sample.members(), sample.count(), sample.count() - (sample.hostPresent() ? 1 : 0),
                presenceVersion);
    }

    /** Most participants a join answer (and so {@code room:joined}) lists. */
    public static final int JOIN_PARTICIPANTS_CAP = 100;

    private RoomDetails details(StoredRoom room, List<Member> members, int count, int guests) {
        return details(room, members, count, guests, room.presenceVersion());
    }

    private RoomDetails details(StoredRoom room, List<Member> members, int count, int guests, long presenceVersion) {
        return new RoomDetails(room.roomId(), room.name(), room.hostId(),
                members.stream().map(Member::participant).toList(), count, room.live(), stats(room, guests),
                room.preset(), room.preset().playoutDelayMs(), room.live() ? room.audioConfig() : null,
                room.hasPassword(), room.hostConnected(), room.createdAt(), presenceVersion, room.listed(),
                room.slowModeSeconds(), room.live() ? room.aux() : null, room.live() ? room.track() : null);
    }

    public RoomStats stats(String roomId) {
        StoredRoom room = room(roomId);
        return stats(room, (int) store.members(roomId).stream().filter(m -> !m.isHost()).count());
    }

    /** Host only: closes the room now. */
    public void close(String roomId, String bearer) {
        StoredRoom room = requireHost(roomId, bearer);
        if (store.close(roomId, false, 0, System.currentTimeMillis())) {
            closed(room.roomId(), room.live(), "host");
        }
    }

    /** Closes the room if it is still idle since {@code cutoff}; true if this replica closed it. */
    public boolean closeIfIdle(String roomId, long cutoff) {
        if (store.close(roomId, true, cutoff, System.currentTimeMillis())) {
            closed(roomId, false, "inactive");
            return true;
        }
        return false;
    }

    public RoomDetails startBroadcast(String roomId, String bearer, AudioConfig audioConfig) {
        StoredRoom room = requireHost(roomId, bearer);
        long now = System.currentTimeMillis();
        boolean exists = store.update(roomId, Map.of(
                        StoredRoom.LIVE, "1",
                        StoredRoom.AUDIO_CONFIG, BusJson.encode(audioConfig),
                        StoredRoom.BROADCAST_STARTED_AT, String.valueOf(now)),
                concat(List.of(StoredRoom.STATS, StoredRoom.BUFFER_LEVEL), StoredRoom.BROADCAST_STATE), now).isPresent();
        if (!exists) {
            throw notFound();
        }
        store.syncListing(roomId);
        events.toRoom(roomId, new ServerMessage.BroadcastStarted(roomId, audioConfig, now, room.preset(),
                room.preset().playoutDelayMs()));
        return details(roomId);
    }

    public void stopBroadcast(String roomId, String bearer) {
        requireHost(roomId, bearer);
        boolean wasLive = store.update(roomId, Map.of(StoredRoom.LIVE, "0", StoredRoom.BROADCAST_STARTED_AT, "0"),
                concat(List.of(StoredRoom.AUDIO_CONFIG, StoredRoom.STATS, StoredRoom.BUFFER_LEVEL), StoredRoom.BROADCAST_STATE),
                System.currentTimeMillis())
                .orElseThrow(RoomService::notFound);
        store.unmarkLive(roomId);
        if (wasLive) {
            events.toRoom(roomId, new ServerMessage.BroadcastStopped(roomId, "host"));
        }
    }

    /**
     * preset null = unchanged; password null = unchanged, empty = removed; listed null = unchanged.
     * Guests already in stay in when the password changes.
     */
    public RoomDetails settings(String roomId, String bearer, LatencyPreset preset, String password, Boolean listed) {
        requireHost(roomId, bearer);
        Map<String, String> set = new HashMap<>();
        List<String> delete = new java.util.ArrayList<>();
        if (preset != null) {
            set.put(StoredRoom.PRESET, preset.wire());
        }
        if (password != null) {
            if (password.isEmpty()) {
                delete.add(StoredRoom.PASSWORD_HASH);
            } else {
                set.put(StoredRoom.PASSWORD_HASH, Secrets.hashPassword(password));
            }
        }
        if (listed != null) {
            set.put(StoredRoom.LISTED, listed ? "1" : "0");
        }
        store.update(roomId, set, delete, 0).orElseThrow(RoomService::notFound);
        if (listed != null) {
            store.syncListing(roomId);
        }
        return announceSettings(roomId);
    }

    /** Slow mode for the room's guests (0: off); who may set it is the caller's check (moderation). */
    public RoomDetails setSlowMode(String roomId, int seconds) {
        store.update(roomId, Map.of(StoredRoom.SLOW_MODE, String.valueOf(seconds)), List.of(), 0)
                .orElseThrow(RoomService::notFound);
        return announceSettings(roomId);
    }

    private RoomDetails announceSettings(String roomId) {
        RoomDetails details = details(roomId);
        events.toRoom(roomId, new ServerMessage.RoomSettingsChanged(roomId, details.preset(), details.playoutDelayMs(),
                details.hasPassword(), details.listed(), details.slowModeSeconds()));
        return details;
    }

    /** Keeps the latest relay report of a live room. */
    public void recordStats(BroadcastStats stats) {
        if (RoomIds.isValid(stats.roomId())) {
            store.update(stats.roomId(), Map.of(StoredRoom.STATS, BusJson.encode(stats)), List.of(), 0);
        }
    }

    /** Keeps the median of a live room's listeners' reported buffers (ms). */
    public void recordBufferLevel(String roomId, int bufferLevelMs) {
        if (RoomIds.isValid(roomId)) {
            store.update(roomId, Map.of(StoredRoom.BUFFER_LEVEL, String.valueOf(bufferLevelMs)), List.of(), 0);
        }
    }

    /** Stops the broadcast of a room whose host did not come back in time. */
    public void hostLost(String roomId) {
        if (store.hostLost(roomId, System.currentTimeMillis())) {
            metrics.hostLost();
            LOG.infof("room %s: host did not come back, broadcast stopped", roomId);
            events.toRoom(roomId, new ServerMessage.BroadcastStopped(roomId, "host_lost"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** 401 without a bearer token, 404 for an unknown room, 403 for a wrong token. */
    public StoredRoom requireHost(String roomId, String bearer) {
        String token = HostAuth.bearer(bearer);
        StoredRoom room = room(roomId);
        HostAuth.requireHost(room, token);
        return room;
    }

    private void closed(String roomId, boolean wasLive, String reason) {
        if (wasLive) {
            events.toRoom(roomId, new ServerMessage.BroadcastStopped(roomId, "room_closed"));
        }
        events.toRoom(roomId, new ServerMessage.RoomClosed(roomId, reason));
        topics.delete(roomId);
        metrics.roomClosed(reason);
        LOG.infof("room %s closed (%s)", roomId, reason);
    }

    /**
     * bitrate and latency from the relay's latest report; bufferLevel the listeners' median (from
     * their health reports, docs/PROTOCOL.md §8); duration since the broadcast started.
     */
    private static RoomStats stats(StoredRoom room, int guests) {
        if (!room.live()) {
            return new RoomStats(0, 0, guests, 0, 0);
        }
        BroadcastStats s = room.stats();
        long duration = room.broadcastStartedAt() > 0 ? Math.max(0, (System.currentTimeMillis() - room.broadcastStartedAt()) / 1000) : 0;
        return new RoomStats(s == null ? 0 : s.bitrate(), s == null ? 0 : s.latency(), guests, duration,
                Math.max(0, room.bufferLevel()));
    }

    public static ProtocolException notFound() {
        return new ProtocolException(ErrorCode.ROOM_NOT_FOUND, "no such room");
    }
}
