package dev.roomcast.gateway.session;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.message.AudioConfig;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway knows of one room it has sockets in: those sockets, and the room state that
 * events keep current (participant count, preset, live, audio config).
 */
public final class RoomLocal {
    private final String roomId;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile int participantCount;
    private volatile LatencyPreset preset = LatencyPreset.LIVE;
    private volatile boolean live;
    private volatile AudioConfig audioConfig;
    private volatile String hostId;
    private volatile boolean hostConnected;
    private volatile int bufferLevelMs = -1;

    RoomLocal(String roomId) {
        this.roomId = roomId;
    }

    public String roomId() {
        return roomId;
    }

    public Collection<Session> sessions() {
        return sessions;
    }

    boolean add(Session s) {
        return sessions.add(s);
    }

    boolean remove(Session s) {
        return sessions.remove(s);
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    public int participantCount() {
        return participantCount;
    }

    public void setParticipantCount(int participantCount) {
        this.participantCount = participantCount;
    }

    public LatencyPreset preset() {
        return preset;
    }

    public void setPreset(LatencyPreset preset) {
        if (preset != null) {
            this.preset = preset;
        }
    }

    public boolean isLive() {
        return live;
    }

    public AudioConfig audioConfig() {
        return audioConfig;
    }

    public void setLive(boolean live, AudioConfig config) {
        this.live = live;
        this.audioConfig = live ? config : null;
    }

    public String hostId() {
        return hostId;
    }

    public void setHostId(String hostId) {
        this.hostId = hostId;
    }

    public boolean hostConnected() {
        return hostConnected;
    }

    public void setHostConnected(boolean hostConnected) {
        this.hostConnected = hostConnected;
    }

    /** Guests = participants other than a connected host. */
    public int guestCount() {
        return Math.max(0, participantCount - (hostConnected ? 1 : 0));
    }

    /** Median play-out buffer of this node's guests in the room (from their stats reports), -1 if unknown. */
    public int bufferLevelMs() {
        return bufferLevelMs;
    }

    public void setBufferLevelMs(int bufferLevelMs) {
        this.bufferLevelMs = bufferLevelMs;
    }
}
