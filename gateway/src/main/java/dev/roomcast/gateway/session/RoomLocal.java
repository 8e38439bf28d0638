package dev.roomcast.gateway.session;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.SignalState;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.AuxState;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway knows of one room it has sockets in: those sockets, and the room state that
 * events keep current (participant count as of the newest presence version seen, preset, live,
 * audio config). Made from room-service's answer to the join that brought its first socket here.
 */
public final class RoomLocal {
    private final String roomId;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    /** The sessions that entered as host (so big-room presence reaches them without scanning every socket). */
    private final Set<Session> hosts = ConcurrentHashMap.newKeySet();
    // guarded by this: the count of the newest presence version seen
    private int participantCount;
    private long presenceVersion = -1;
    private volatile LatencyPreset preset;
    private volatile boolean live;
    private volatile AudioConfig audioConfig;
    private volatile String hostId;
    private volatile boolean hostConnected;
    private volatile int bufferLevelMs = -1;
    private volatile int sendLagMs = -1;
    private final PresenceDigest presence = new PresenceDigest();
    /** What guests hear from the host (broadcast:signal); null until the relay said. */
    private volatile SignalState signal;
    /** Who broadcasts once the aux was passed (null: the host); replaced whole, never changed in place. */
    private volatile AuxState aux;
    /** The room's latest peek:frame heard here (null: none, or the peek stopped). */
    private volatile ServerMessage.PeekFrame peek;
    /** When the relay last reported this room's audio (stats or a signal change), ms. */
    private volatile long audioSeenAtMs = System.currentTimeMillis();

    RoomLocal(RoomDetails details) {
        this.roomId = details.roomId();
        apply(details);
    }

    /** Brings this node's view up to date with a snapshot from room-service (a join answer). */
    public void apply(RoomDetails details) {
        applyPresence(details.participantCount(), details.presenceVersion());
        setPreset(details.preset());
        this.hostId = details.hostId();
        this.hostConnected = details.hostConnected();
        setLive(details.isLive(), details.audioConfig());
        this.aux = details.aux();
    }

    public String roomId() {
        return roomId;
    }

    public Collection<Session> sessions() {
        return sessions;
    }

    /** The host's sockets in this room on this node (usually zero or one). */
    public Collection<Session> hostSessions() {
        return hosts;
    }

    boolean add(Session s) {
        if (s.isHost()) {
            hosts.add(s);
        }
        return sessions.add(s);
    }

    boolean remove(Session s) {
        hosts.remove(s);
        return sessions.remove(s);
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Presence changes waiting for the next {@code participants:update} (big rooms only). */
    public PresenceDigest presenceDigest() {
        return presence;
    }

    public synchronized int participantCount() {
        return participantCount;
    }

    /** The presence version {@link #participantCount()} is as of. */
    public synchronized long presenceVersion() {
        return presenceVersion;
    }

    /**
     * Takes a count if it is newer than the one held: room-service publishes presence events from
     * many threads, so they reach gateways out of order; the one with the highest version is the truth.
     */
    public synchronized void applyPresence(int count, long version) {
        if (version > presenceVersion) {
            presenceVersion = version;
            participantCount = count;
        }
    }

    /** Count and version read together. */
    public synchronized long[] presence() {
        return new long[] {participantCount, presenceVersion};
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
        if (!live) {
            aux = null;
        }
    }

    /** What a frame from a participant is to the broadcast (see {@link #mayBroadcast}). */
    public enum Broadcaster {
        /** Forward it. */
        YES,
        /** Audio from the wrong side of a handoff's cut, sent while the news travelled: drop it quietly. */
        AROUND_CUT,
        /** Not the one who broadcasts: refuse it. */
        NO
    }

    /**
     * Whether {@code userId} may send a frame whose packets start at {@code captureUs} (server µs)
     * and last {@code durationUs}: the host while it has the aux; after a handoff at T the new
     * broadcaster's audio captured from T on, the old one's up to T (within
     * {@link Limits#AUX_CUT_SLACK_US}), and either's audio from the other side of T for a few seconds
     * is dropped without an error (frames in flight when the news came).
     */
    public Broadcaster mayBroadcast(String userId, boolean hostSocket, long captureUs, long durationUs) {
        AuxState a = aux;
        if (a == null) {
            return hostSocket && userId.equals(hostId) ? Broadcaster.YES : Broadcaster.NO;
        }
        boolean host = userId.equals(hostId);
        if (host && !hostSocket) {
            return Broadcaster.NO;
        }
        boolean aroundCut = Math.abs(captureUs - a.atUs()) < AROUND_CUT_US;
        if (userId.equals(a.userId())) {
            return captureUs >= a.atUs() - Limits.AUX_CUT_SLACK_US ? Broadcaster.YES
                    : aroundCut ? Broadcaster.AROUND_CUT : Broadcaster.NO;
        }
        if (userId.equals(a.fromUserId())) {
            return captureUs + durationUs <= a.atUs() + Limits.AUX_CUT_SLACK_US ? Broadcaster.YES
                    : aroundCut ? Broadcaster.AROUND_CUT : Broadcaster.NO;
        }
        return Broadcaster.NO;
    }

    /** The host, or one of the two sides of the last handoff: the only sockets whose frames are looked at. */
    public boolean broadcastsOrDid(String userId, boolean hostSocket) {
        AuxState a = aux;
        return (hostSocket && userId.equals(hostId)) || (a != null && (userId.equals(a.userId()) || userId.equals(a.fromUserId())));
    }

    /** How long around a cut the wrong side's audio is dropped quietly (µs). */
    private static final long AROUND_CUT_US = 5_000_000;

    /** The aux changed hands ({@code aux:handoff}). */
    public void handoff(ServerMessage.AuxHandoff h) {
        aux = new AuxState(h.toUserId(), h.fromUserId(), h.atUs(), null);
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
        return Math.max(0, participantCount() - (hostConnected ? 1 : 0));
    }

    /** Median play-out buffer of this node's guests in the room (from their stats reports), -1 if unknown. */
    public int bufferLevelMs() {
        return bufferLevelMs;
    }

    /**
     * Capture → this node's write of the room's latest live batch, in ms (-1: none yet). A guest
     * that hears the room much later than this has a last mile too thin for its tier.
     */
    public int sendLagMs() {
        return sendLagMs;
    }

    public void setSendLagMs(int sendLagMs) {
        this.sendLagMs = sendLagMs;
    }

    public SignalState signal() {
        return signal;
    }

    /**
     * Records a signal state; returns true if it changed (so the change is sent once). Any report from
     * the relay means audio is arriving.
     */
    public boolean setSignal(SignalState state, boolean fromRelay) {
        if (fromRelay) {
            audioSeenAtMs = System.currentTimeMillis();
        }
        SignalState was = signal;
        signal = state;
        return was != state;
    }

    /** For room:joined: a late joiner of a live room whose host is quiet learns it at once (else null). */
    public ServerMessage.BroadcastSignal signalForJoiner() {
        SignalState state = signal;
        return live && state != null && state != SignalState.SOUND
                ? new ServerMessage.BroadcastSignal(roomId, state, ServerClock.nowUs()) : null;
    }

    /** The host's tab peek as heard here: a frame, or null when it stopped (or the broadcast did). */
    public void setPeek(ServerMessage.PeekFrame frame) {
        this.peek = frame;
    }

    /**
     * For a joiner, after room:joined: the latest peek frame heard here while it is still kept (a
     * node that heard none since its first socket in the room says nothing; the next frame, within
     * {@link Limits#PEEK_INTERVAL_MS}, tells that joiner).
     */
    public ServerMessage.PeekFrame peekForJoiner() {
        ServerMessage.PeekFrame p = peek;
        return live && p != null && System.currentTimeMillis() - p.at() < Limits.PEEK_TTL_MS ? p : null;
    }

    public long audioSeenAtMs() {
        return audioSeenAtMs;
    }

    /** A broadcast (re)started: no audio seen yet, the clock for "none" starts now. */
    public void audioExpected() {
        audioSeenAtMs = System.currentTimeMillis();
        signal = null;
    }

    public void setBufferLevelMs(int bufferLevelMs) {
        this.bufferLevelMs = bufferLevelMs;
    }
}
