package dev.roomcast.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.RequestOutcome;
import dev.roomcast.protocol.SignalState;
import dev.roomcast.protocol.Tier;
import java.util.List;

/**
 * Every control message the server sends over {@code /ws}, as a JSON text frame
 * {@code {"type": "...", ...fields}}. Null fields are left out.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerMessage.ClockPong.class, name = "clock:pong"),
        @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "server:welcome"),
        @JsonSubTypes.Type(value = ServerMessage.RoomCreated.class, name = "room:created"),
        @JsonSubTypes.Type(value = ServerMessage.RoomJoined.class, name = "room:joined"),
        @JsonSubTypes.Type(value = ServerMessage.RoomLeft.class, name = "room:left"),
        @JsonSubTypes.Type(value = ServerMessage.UserJoined.class, name = "user:joined"),
        @JsonSubTypes.Type(value = ServerMessage.UserLeft.class, name = "user:left"),
        @JsonSubTypes.Type(value = ServerMessage.UserRenamed.class, name = "user:renamed"),
        @JsonSubTypes.Type(value = ServerMessage.ParticipantsList.class, name = "participants:list"),
        @JsonSubTypes.Type(value = ServerMessage.ParticipantsUpdate.class, name = "participants:update"),
        @JsonSubTypes.Type(value = ServerMessage.BroadcastStarted.class, name = "broadcast:started"),
        @JsonSubTypes.Type(value = ServerMessage.BroadcastStopped.class, name = "broadcast:stopped"),
        @JsonSubTypes.Type(value = ServerMessage.HostStatus.class, name = "host:status"),
        @JsonSubTypes.Type(value = ServerMessage.BroadcastStats.class, name = "broadcast:stats"),
        @JsonSubTypes.Type(value = ServerMessage.BroadcastError.class, name = "broadcast:error"),
        @JsonSubTypes.Type(value = ServerMessage.BroadcastSignal.class, name = "broadcast:signal"),
        @JsonSubTypes.Type(value = ServerMessage.RoomSettingsChanged.class, name = "room:settings"),
        @JsonSubTypes.Type(value = ServerMessage.RoomClosed.class, name = "room:closed"),
        @JsonSubTypes.Type(value = ServerMessage.RoomNotFound.class, name = "room:notfound"),
        @JsonSubTypes.Type(value = ServerMessage.RoomFull.class, name = "room:full"),
        @JsonSubTypes.Type(value = ServerMessage.RoomKicked.class, name = "room:kicked"),
        @JsonSubTypes.Type(value = ServerMessage.ChatMessage.class, name = "chat:message"),
        @JsonSubTypes.Type(value = ServerMessage.ChatHistory.class, name = "chat:history"),
        @JsonSubTypes.Type(value = ServerMessage.ChatMuted.class, name = "chat:muted"),
        @JsonSubTypes.Type(value = ServerMessage.ChatDeleted.class, name = "chat:deleted"),
        @JsonSubTypes.Type(value = ServerMessage.UserCohost.class, name = "user:cohost"),
        @JsonSubTypes.Type(value = ServerMessage.HostMoved.class, name = "host:moved"),
        @JsonSubTypes.Type(value = ServerMessage.AuxOffered.class, name = "aux:offered"),
        @JsonSubTypes.Type(value = ServerMessage.AuxHandoff.class, name = "aux:handoff"),
        @JsonSubTypes.Type(value = ServerMessage.TrackChanged.class, name = "track:changed"),
        @JsonSubTypes.Type(value = ServerMessage.ReactionsUpdate.class, name = "reactions:update"),
        @JsonSubTypes.Type(value = ServerMessage.RequestAdded.class, name = "request:added"),
        @JsonSubTypes.Type(value = ServerMessage.RequestResolved.class, name = "request:resolved"),
        @JsonSubTypes.Type(value = ServerMessage.RequestUpdate.class, name = "request:update"),
        @JsonSubTypes.Type(value = ServerMessage.RequestsQueue.class, name = "requests:queue"),
        @JsonSubTypes.Type(value = ServerMessage.RequestsOpenChanged.class, name = "requests:open"),
        @JsonSubTypes.Type(value = ServerMessage.PeekFrame.class, name = "peek:frame"),
        @JsonSubTypes.Type(value = ServerMessage.PeekStopped.class, name = "peek:stopped"),
        @JsonSubTypes.Type(value = ServerMessage.QualityChanged.class, name = "quality:changed"),
        @JsonSubTypes.Type(value = ServerMessage.ListenersHealth.class, name = "listeners:health"),
        @JsonSubTypes.Type(value = ServerMessage.Draining.class, name = "server:draining"),
        @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
})
public sealed interface ServerMessage {

    default String type() {
        return ProtocolJson.typeName(getClass());
    }

    /** Answer to {@code clock:ping}: t1 = server receive, t2 = server send, both server-clock µs since the epoch. */
    record ClockPong(int id, double t0, long t1, long t2) implements ServerMessage {}

    /**
     * First message on every socket: the connection's own user id, its display name until it joins
     * with another or renames ({@code Guest_} and 5 digits), and the server's limits.
     */
    record Welcome(String userId, String gatewayId, long serverTimeUs, int maxTextBytes, int maxBinaryBytes,
                   String username) implements ServerMessage {}

    /** To the creator only: the only message that ever carries the host token. */
    record RoomCreated(String roomId, String roomName, String hostId, String hostToken, long createdAt, String url,
                       boolean listed) implements ServerMessage {}

    /**
     * Answer to a successful join. {@code participants} lists at most 100 (host first);
     * {@code participantCount} is how many there are in all (host included), as of the room's
     * {@code presenceVersion}: presence events with a version at or below it are already in here.
     * {@code aux}: who broadcasts, once the host has passed the aux (null until then).
     * {@code track}: what plays, as the host last said (null: nothing said in this broadcast).
     */
    record RoomJoined(String roomId, String roomName, String hostId, List<Participant> participants, boolean isLive,
                      Participant you, LatencyPreset preset, int playoutDelayMs, AudioConfig audioConfig,
                      boolean hostConnected, boolean hasPassword, int participantCount, long presenceVersion,
                      boolean listed, int slowModeSeconds, AuxState aux, NowPlaying track)
            implements ServerMessage {}

    record RoomLeft(String roomId) implements ServerMessage {}

    /**
     * Someone joined. {@code presenceVersion} counts the room's arrivals and departures (one more
     * for each); events can arrive out of order, so a client applies one only if it is newer than
     * what it has (docs/PROTOCOL.md §4, presence).
     */
    record UserJoined(String roomId, String userId, String username, boolean isHost, int participantCount,
                      long presenceVersion, boolean isCohost) implements ServerMessage {}

    /** Someone left (or was removed); {@code presenceVersion} as in {@link UserJoined}. */
    record UserLeft(String roomId, String userId, String username, int participantCount, long presenceVersion)
            implements ServerMessage {}

    record UserRenamed(String roomId, String userId, String username) implements ServerMessage {}

    /** Everyone in the room, as of {@code presenceVersion}. */
    record ParticipantsList(String roomId, List<Participant> participants, long presenceVersion) implements ServerMessage {}

    /**
     * To guests of a big room, at most once a second, instead of single {@code user:joined} /
     * {@code user:left}: the count now (as of {@code presenceVersion}), up to 20 arrivals and 20
     * departures since the last update, each with its own version, and {@code more} = changes not
     * itemized.
     */
    record ParticipantsUpdate(String roomId, int participantCount, List<Arrival> joined, List<Departed> left,
                              int more, long presenceVersion) implements ServerMessage {}

    /** One arrival in {@code participants:update}: a participant and the version of its arrival. */
    record Arrival(String userId, String username, boolean isHost, long presenceVersion, boolean isCohost) {}

    /** One departure in {@code participants:update}, with the version of its departure. */
    record Departed(String userId, String username, long presenceVersion) {}

    record BroadcastStarted(String roomId, AudioConfig audioConfig, long startedAt, LatencyPreset preset,
                            int playoutDelayMs) implements ServerMessage {}

    /** reason: {@code host} (stopped by the host), {@code host_lost} (host gone too long), {@code room_closed}. */
    record BroadcastStopped(String roomId, String reason) implements ServerMessage {}

    /** The host's connection dropped ({@code connected=false}: "host reconnecting") or came back. */
    record HostStatus(String roomId, boolean connected) implements ServerMessage {}

    /**
     * About once a second while live: {@code bitrate} kbps of the host's stream as it arrives,
     * {@code latency} ms from capture to the relay, {@code bufferLevel} ms (median of the
     * listeners' reported buffers; 0 until one reported), {@code loss} 0..1, {@code jitterMs};
     * {@code signal}: what the relay hears in the host's audio ({@code sound} or {@code silence};
     * null from older relays).
     */
    record BroadcastStats(String roomId, int bitrate, int latency, int bufferLevel, int guestCount, Tier quality,
                          double loss, double jitterMs, SignalState signal) implements ServerMessage {}

    /**
     * What a live room's guests hear from the host changed ({@link SignalState}); {@code atUs}: the capture
     * time (server clock µs) from which it holds, so a guest can show it when its play-out reaches it.
     * Also sent after {@code room:joined} when the room is live and the state is not {@code sound}.
     */
    record BroadcastSignal(String roomId, SignalState state, long atUs) implements ServerMessage {}

    /** To the host: a frame or configuration was refused and not forwarded. */
    record BroadcastError(String roomId, ErrorCode code, String message) implements ServerMessage {}

    /**
     * To the room after the host changed a setting (or the host or a co-host slow mode);
     * {@code listed}: the room is on the home page's list; {@code slowModeSeconds}: guests may send one
     * chat message per that many seconds (0: off).
     */
    record RoomSettingsChanged(String roomId, LatencyPreset preset, int playoutDelayMs, boolean hasPassword,
                               boolean listed, int slowModeSeconds) implements ServerMessage {}

    /**
     * To the host's sockets that joined before {@code at} (server ms): the host continued on another
     * device (a handover link). Those sockets are out of the room and their host token no longer works.
     */
    record HostMoved(String roomId, long at) implements ServerMessage {}

    /**
     * To the room: the host offered the aux to {@code userId} ({@code username}); both null: no offer
     * stands any more (declined, withdrawn, or the participant left).
     */
    record AuxOffered(String roomId, String userId, String username) implements ServerMessage {}

    /**
     * To the room: the broadcast passes from {@code fromUserId} to {@code toUserId} at server time
     * {@code atUs} (µs): the first sends audio captured before it, the second from it on. Guests
     * hear one continuous stream (same delay, the room's sequence goes on).
     */
    record AuxHandoff(String roomId, String fromUserId, String toUserId, long atUs) implements ServerMessage {}

    /**
     * To the room: from stream time {@code atUs} (capture time, server µs) on, this plays. A guest
     * shows it when its play-out reaches {@code atUs} (at server time atUs + D), not on arrival;
     * {@code art} (or null) names its cover, to load ahead from {@link dev.roomcast.protocol.CoverArt#path}.
     */
    record TrackChanged(String roomId, String title, String artist, String album, long atUs, String art) implements ServerMessage {
        public static TrackChanged of(String roomId, NowPlaying track) {
            return new TrackChanged(roomId, track.title(), track.artist(), track.album(), track.atUs(), track.art());
        }
    }

    /**
     * To the room, at most once per {@link dev.roomcast.protocol.Limits#REACTION_WINDOW_MS} per socket:
     * the reactions of the last window, counted per emoji per 100 ms slot of stream time. A client shows
     * each when its own play-out reaches {@code atUs}.
     */
    record ReactionsUpdate(String roomId, List<ReactionCount> counts) implements ServerMessage {}

    /**
     * {@code count} reactions {@code emoji} in one 100 ms slot of stream time; {@code atUs} is the
     * earliest of their stream times (a lone reaction's own).
     */
    record ReactionCount(String emoji, long atUs, int count) {}

    /**
     * A message for the room's host and co-hosts only: published to the whole room, a gateway delivers it
     * to the sockets of its host and co-hosts there and to no one else.
     */
    interface ForModerators {}

    /** To the host and co-hosts: a new open track request (newest last). */
    record RequestAdded(String roomId, TrackAsk request) implements ServerMessage, ForModerators {}

    /** To the host and co-hosts: request {@code requestId} is no longer open ({@code outcome}). */
    record RequestResolved(String roomId, long requestId, RequestOutcome outcome) implements ServerMessage, ForModerators {}

    /**
     * To the requester only: its request {@code requestId} ({@code text}) is now {@code state}:
     * {@code requested} (just accepted), {@code played} or {@code dismissed}.
     */
    record RequestUpdate(String roomId, long requestId, String text, String state) implements ServerMessage {
        public static final String REQUESTED = "requested";
    }

    /**
     * Answer to {@code requests:list}: whether requests are {@code open}, and the open requests, oldest
     * first: all of them for the host and co-hosts, the asker's own for anyone else.
     */
    record RequestsQueue(String roomId, boolean open, List<TrackAsk> requests) implements ServerMessage {}

    /** To the room: the host or a co-host turned track requests on ({@code open}) or off. */
    record RequestsOpenChanged(String roomId, boolean open) implements ServerMessage {}

    /**
     * To the room: the host's studio sent a new picture of its shared tab, served at {@code url}
     * (relative, with the frame's random key: only the room learns it; never cached); {@code at}: the
     * server's ms when it came. A client that
     * hears no newer frame for {@link dev.roomcast.protocol.Limits#PEEK_TTL_MS} takes the peek as stopped.
     */
    record PeekFrame(String roomId, String url, long at) implements ServerMessage {}

    /** To the room: the host stopped letting guests see its tab (or stopped the broadcast). */
    record PeekStopped(String roomId) implements ServerMessage {}

    /** To the room: the host made {@code userId} a co-host ({@code isCohost}) or no longer one. */
    record UserCohost(String roomId, String userId, String username, boolean isCohost) implements ServerMessage {}

    /** reason: {@code host} (closed by its host), {@code inactive} (expired). */
    record RoomClosed(String roomId, String reason) implements ServerMessage {}

    record RoomNotFound(String roomId) implements ServerMessage {}

    record RoomFull(String roomId, int maxUsers) implements ServerMessage {}

    record RoomKicked(String roomId) implements ServerMessage {}

    /**
     * To the muted member and to the host: {@code userId} may not chat until {@code until} (server ms
     * since the epoch; 0 = the mute was lifted).
     */
    record ChatMuted(String roomId, String userId, String username, long until) implements ServerMessage {}

    /** To everyone: the host deleted this chat message. */
    record ChatDeleted(String roomId, String messageId) implements ServerMessage {}

    /** {@code atUs}: the stream time the sender was hearing when it sent it, if its page said. */
    record ChatMessage(String id, String roomId, String userId, String username, String message, long timestamp,
                       boolean isHost, Long atUs) implements ServerMessage {
        public static ChatMessage of(ChatEntry e) {
            return new ChatMessage(e.id(), e.roomId(), e.userId(), e.username(), e.message(), e.timestamp(), e.isHost(),
                    e.atUs());
        }
    }

    record ChatHistory(String roomId, List<ChatEntry> messages) implements ServerMessage {}

    /** The tier this socket now receives; auto = the server may move it. */
    record QualityChanged(Tier tier, boolean auto, String reason) implements ServerMessage {}

    /** To the host, about every 2 s: every listener's last report. */
    record ListenersHealth(String roomId, List<ListenerHealth> listeners) implements ServerMessage {}

    /** This gateway is shutting down: reconnect (to any gateway) within the given time. */
    record Draining(int reconnectInMs) implements ServerMessage {}

    /**
     * ref: the type of the message that caused it, when known; retryAfter: seconds until the same
     * request may succeed ({@code too_many_attempts}), else absent.
     */
    record Error(ErrorCode code, String message, String ref, Integer retryAfter) implements ServerMessage {
        public Error(ErrorCode code, String message, String ref) {
            this(code, message, ref, null);
        }
    }
}
