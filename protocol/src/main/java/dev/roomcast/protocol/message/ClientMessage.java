package dev.roomcast.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.RequestOutcome;
import dev.roomcast.protocol.Text;
import dev.roomcast.protocol.Tier;

/**
 * Every control message a browser may send over {@code /ws}, as a JSON text frame
 * {@code {"type": "...", ...fields}}. Each record checks its own fields when it is built, so a
 * decoded message is a valid one; a bad field raises a {@link ProtocolException} with its code.
 * Identity (user id, host role, room) never comes from these fields: it belongs to the connection.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.ClockPing.class, name = "clock:ping"),
        @JsonSubTypes.Type(value = ClientMessage.RoomCreate.class, name = "room:create"),
        @JsonSubTypes.Type(value = ClientMessage.RoomJoin.class, name = "room:join"),
        @JsonSubTypes.Type(value = ClientMessage.RoomLeave.class, name = "room:leave"),
        @JsonSubTypes.Type(value = ClientMessage.UserRename.class, name = "user:rename"),
        @JsonSubTypes.Type(value = ClientMessage.ParticipantsRequest.class, name = "participants:list"),
        @JsonSubTypes.Type(value = ClientMessage.BroadcastStart.class, name = "broadcast:start"),
        @JsonSubTypes.Type(value = ClientMessage.BroadcastStop.class, name = "broadcast:stop"),
        @JsonSubTypes.Type(value = ClientMessage.RoomSettings.class, name = "room:settings"),
        @JsonSubTypes.Type(value = ClientMessage.UserKick.class, name = "user:kick"),
        @JsonSubTypes.Type(value = ClientMessage.ChatSend.class, name = "chat:message"),
        @JsonSubTypes.Type(value = ClientMessage.ChatMute.class, name = "chat:mute"),
        @JsonSubTypes.Type(value = ClientMessage.ChatDelete.class, name = "chat:delete"),
        @JsonSubTypes.Type(value = ClientMessage.RoomClose.class, name = "room:close"),
        @JsonSubTypes.Type(value = ClientMessage.ChatSlowMode.class, name = "chat:slowmode"),
        @JsonSubTypes.Type(value = ClientMessage.UserCohost.class, name = "user:cohost"),
        @JsonSubTypes.Type(value = ClientMessage.AuxPass.class, name = "aux:pass"),
        @JsonSubTypes.Type(value = ClientMessage.AuxAccept.class, name = "aux:accept"),
        @JsonSubTypes.Type(value = ClientMessage.AuxDecline.class, name = "aux:decline"),
        @JsonSubTypes.Type(value = ClientMessage.AuxReturn.class, name = "aux:return"),
        @JsonSubTypes.Type(value = ClientMessage.TrackSet.class, name = "track:set"),
        @JsonSubTypes.Type(value = ClientMessage.ReactionSend.class, name = "reaction:send"),
        @JsonSubTypes.Type(value = ClientMessage.RequestSend.class, name = "request:send"),
        @JsonSubTypes.Type(value = ClientMessage.RequestResolve.class, name = "request:resolve"),
        @JsonSubTypes.Type(value = ClientMessage.RequestsList.class, name = "requests:list"),
        @JsonSubTypes.Type(value = ClientMessage.RequestsOpen.class, name = "requests:open"),
        @JsonSubTypes.Type(value = ClientMessage.QualityRequest.class, name = "quality:request"),
        @JsonSubTypes.Type(value = ClientMessage.StatsReport.class, name = "stats:report"),
})
public sealed interface ClientMessage {

    /** The wire name of this message's type. */
    default String type() {
        return ProtocolJson.typeName(getClass());
    }

    /** Clock probe: {@code t0} is the client's own clock (opaque to the server, echoed back). */
    record ClockPing(int id, double t0) implements ClientMessage {}

    /**
     * Create a room; the sender becomes its host. {@code listed} (optional, default false): on the home
     * page's list while live.
     */
    record RoomCreate(String roomName, String username, Boolean listed) implements ClientMessage {
        public RoomCreate {
            roomName = Text.name(roomName, Limits.ROOM_NAME_MAX, ErrorCode.INVALID_NAME);
            username = username == null ? null : Text.name(username, Limits.USERNAME_MAX, ErrorCode.INVALID_NAME);
        }
    }

    /**
     * Join a room; with the room's host token the sender joins (or rejoins) as host. {@code deviceKey}:
     * the browser's own random key, kept across reloads, so that a ban holds (never shown to anyone).
     */
    record RoomJoin(String roomId, String username, String hostToken, String password, String deviceKey)
            implements ClientMessage {
        public RoomJoin {
            roomId = Text.roomId(roomId);
            deviceKey = Text.deviceKey(deviceKey);
            username = username == null ? null : Text.name(username, Limits.USERNAME_MAX, ErrorCode.INVALID_NAME);
            if (hostToken != null && (hostToken.isEmpty() || hostToken.length() > 128)) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "hostToken is malformed");
            }
            if (password != null && password.length() > Limits.PASSWORD_MAX) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "password is too long");
            }
        }
    }

    record RoomLeave() implements ClientMessage {}

    record UserRename(String username) implements ClientMessage {
        public UserRename {
            username = Text.name(username, Limits.USERNAME_MAX, ErrorCode.INVALID_NAME);
        }
    }

    /** Ask for the participant list (answered with {@code participants:list}). */
    record ParticipantsRequest() implements ClientMessage {}

    /** Host only: go live with this audio configuration. */
    record BroadcastStart(String roomId, AudioConfig audioConfig) implements ClientMessage {
        public BroadcastStart {
            roomId = Text.roomId(roomId);
            if (audioConfig == null) {
                throw new ProtocolException(ErrorCode.BAD_AUDIO_CONFIG, "audioConfig is required");
            }
        }
    }

    /** Host only. */
    record BroadcastStop(String roomId) implements ClientMessage {
        public BroadcastStop {
            roomId = Text.roomId(roomId);
        }
    }

    /**
     * Host only: change the latency preset (play-out delay), the room password and/or whether the
     * room is listed on the home page. A null field is left as it is; an empty password removes it.
     */
    record RoomSettings(String roomId, LatencyPreset preset, String password, Boolean listed) implements ClientMessage {
        public RoomSettings {
            roomId = Text.roomId(roomId);
            if (password != null && password.length() > Limits.PASSWORD_MAX) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "password is too long");
            }
        }
    }

    /** Host only: remove a guest and keep it out of this room. */
    record UserKick(String roomId, String userId) implements ClientMessage {
        public UserKick {
            roomId = Text.roomId(roomId);
            if (userId == null || userId.isEmpty() || userId.length() > 64) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "userId is required");
            }
        }
    }

    /**
     * A chat message (1..500 characters after trimming; control characters removed). {@code atUs}
     * (optional): the stream time the sender was hearing (capture time, server µs), passed through to
     * everyone; the gateway checks it is near now ({@link Limits#HEARD_AT_PAST_US}).
     */
    record ChatSend(String roomId, String message, Long atUs) implements ClientMessage {
        public ChatSend {
            roomId = Text.roomId(roomId);
            message = Text.chat(message);
            if (atUs != null && atUs <= 0) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "atUs must be a stream time (server µs)");
            }
        }

        public ChatSend(String roomId, String message) {
            this(roomId, message, null);
        }
    }

    /** Host only: keep a member out of the chat for {@code seconds} (0 lifts it; at most a day). */
    record ChatMute(String roomId, String userId, int seconds) implements ClientMessage {
        public ChatMute {
            roomId = Text.roomId(roomId);
            if (userId == null || userId.isEmpty() || userId.length() > 64) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "userId is required");
            }
            if (seconds < 0 || seconds > Limits.MUTE_MAX_SECONDS) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "seconds must be 0.." + Limits.MUTE_MAX_SECONDS);
            }
        }
    }

    /** Host only: delete a chat message (its {@code id}) for everyone. */
    record ChatDelete(String roomId, String messageId) implements ClientMessage {
        public ChatDelete {
            roomId = Text.roomId(roomId);
            if (!Text.isChatId(messageId)) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "messageId is not a chat message id");
            }
        }
    }

    /** Host or co-host: guests may send one chat message per {@code seconds} (0 turns slow mode off). */
    record ChatSlowMode(String roomId, int seconds) implements ClientMessage {
        public ChatSlowMode {
            roomId = Text.roomId(roomId);
            if (seconds < 0 || seconds > Limits.SLOW_MODE_MAX_SECONDS) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "seconds must be 0.." + Limits.SLOW_MODE_MAX_SECONDS);
            }
        }
    }

    /** Host only: make a participant a co-host ({@code isCohost} true: may moderate, not broadcast) or not. */
    record UserCohost(String roomId, String userId, Boolean isCohost) implements ClientMessage {
        public UserCohost {
            roomId = Text.roomId(roomId);
            if (userId == null || userId.isEmpty() || userId.length() > 64) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "userId is required");
            }
            if (isCohost == null) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "isCohost (true or false) is required");
            }
        }
    }

    /**
     * Host only, while live: offer the aux (the broadcast) to a participant. Everyone hears
     * {@code aux:offered}; the participant takes it with {@code aux:accept} once its source runs.
     */
    record AuxPass(String roomId, String userId) implements ClientMessage {
        public AuxPass {
            roomId = Text.roomId(roomId);
            if (userId == null || userId.isEmpty() || userId.length() > 64) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "userId is required");
            }
        }
    }

    /** The participant the aux was offered to takes it: everyone hears {@code aux:handoff} with the cut time. */
    record AuxAccept(String roomId) implements ClientMessage {
        public AuxAccept {
            roomId = Text.roomId(roomId);
        }
    }

    /** The participant the aux was offered to says no, or the host withdraws the offer. */
    record AuxDecline(String roomId) implements ClientMessage {
        public AuxDecline {
            roomId = Text.roomId(roomId);
        }
    }

    /** The participant with the aux gives it back, or the host takes it back: the host broadcasts again from the cut. */
    record AuxReturn(String roomId) implements ClientMessage {
        public AuxReturn {
            roomId = Text.roomId(roomId);
        }
    }

    /**
     * Host only: what plays from stream time {@code atUs} on (the capture time, server µs, of the
     * first sample of the track). Everyone gets {@code track:changed} and shows it when its play-out
     * reaches that time. Title 1..200 characters; artist and album optional, at most 200 each;
     * {@code art} optional: the hash of a cover the host uploaded to this room (room-service checks it is there).
     */
    record TrackSet(String roomId, String title, String artist, String album, Long atUs, String art) implements ClientMessage {
        public TrackSet {
            roomId = Text.roomId(roomId);
            title = Text.name(title, Limits.TRACK_TEXT_MAX, ErrorCode.BAD_MESSAGE);
            artist = artist == null ? null : Text.name(artist, Limits.TRACK_TEXT_MAX, ErrorCode.BAD_MESSAGE);
            album = album == null ? null : Text.name(album, Limits.TRACK_TEXT_MAX, ErrorCode.BAD_MESSAGE);
            if (atUs == null || atUs <= 0) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "atUs (the stream time the track starts at, server µs) is required");
            }
            if (art != null && !CoverArt.isHash(art)) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "art is the SHA-256 (64 lower-case hex digits) of art uploaded for this room");
            }
        }

        public NowPlaying nowPlaying() {
            return new NowPlaying(title, artist, album, atUs, art);
        }
    }

    /**
     * A reaction: one emoji of {@link Reactions#EMOJI} at stream time {@code atUs} (the capture time,
     * server µs, the sender hears now). Everyone sees it when its own play-out reaches that time.
     */
    record ReactionSend(String roomId, String emoji, Long atUs) implements ClientMessage {
        public ReactionSend {
            roomId = Text.roomId(roomId);
            if (Reactions.indexOf(emoji) < 0) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "emoji must be one of the room's reactions");
            }
            if (atUs == null || atUs <= 0) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "atUs (the stream time you hear, server µs) is required");
            }
        }
    }

    /**
     * Any member: ask the host for a track. {@code text} is cleaned as a track title (control characters
     * out, invisible ends trimmed) and must keep 1..{@link Limits#REQUEST_TEXT_MAX} code points.
     */
    record RequestSend(String roomId, String text) implements ClientMessage {
        public RequestSend {
            roomId = Text.roomId(roomId);
            text = Text.name(text, Limits.REQUEST_TEXT_MAX, ErrorCode.BAD_MESSAGE);
        }
    }

    /** Host or co-host: an open track request was played or is dismissed; its requester hears which. */
    record RequestResolve(String roomId, Long requestId, RequestOutcome outcome) implements ClientMessage {
        public RequestResolve {
            roomId = Text.roomId(roomId);
            if (requestId == null || requestId <= 0) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "requestId (a request's id, a positive integer) is required");
            }
            if (outcome == null) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "outcome must be played or dismissed");
            }
        }
    }

    /**
     * Any member: the room's open track requests ({@code requests:queue}): all of them for the host and
     * co-hosts, the sender's own for anyone else; and whether requests are open.
     */
    record RequestsList(String roomId) implements ClientMessage {
        public RequestsList {
            roomId = Text.roomId(roomId);
        }
    }

    /** Host or co-host: turn track requests on or off; everyone hears {@code requests:open}. */
    record RequestsOpen(String roomId, Boolean open) implements ClientMessage {
        public RequestsOpen {
            roomId = Text.roomId(roomId);
            if (open == null) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "open (true or false) is required");
            }
        }
    }

    /** Host only: close the room for everyone (as {@code DELETE /api/rooms/{id}}). */
    record RoomClose(String roomId) implements ClientMessage {
        public RoomClose {
            roomId = Text.roomId(roomId);
        }
    }

    /** A guest's choice of tier, or {@code auto} (null tier). */
    record QualityRequest(String tier) implements ClientMessage {
        public QualityRequest {
            if (tier == null || !(tier.equals("auto") || tier.equals("high") || tier.equals("medium") || tier.equals("low"))) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "tier must be high, medium, low or auto");
            }
        }

        /** The fixed tier asked for, or null for automatic. */
        public Tier fixedTier() {
            return tier.equals("auto") ? null : Tier.ofWire(tier);
        }
    }

    /**
     * A guest's playback health, about every 2 s; shown on the host's health grid. Optional (older
     * pages leave them out): {@code syncUncertaintyMs}, how far the guest may honestly be off the
     * room (0..60000), and {@code latencyKnown}, false where the browser hides its output latency
     * (WebKit) so the guest's sync is approximate until calibrated.
     */
    record StatsReport(int bufferMs, int latencyMs, double syncErrorMs, int underruns, boolean late,
                       Double syncUncertaintyMs, Boolean latencyKnown) implements ClientMessage {
        public StatsReport {
            if (bufferMs < 0 || bufferMs > 60_000 || latencyMs < 0 || latencyMs > 60_000 || underruns < 0
                    || Double.isNaN(syncErrorMs) || Math.abs(syncErrorMs) > 60_000) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "stats out of range");
            }
            if (syncUncertaintyMs != null && !(syncUncertaintyMs >= 0 && syncUncertaintyMs <= 60_000)) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "syncUncertaintyMs out of range");
            }
        }

        /** A report without the optional fields. */
        public StatsReport(int bufferMs, int latencyMs, double syncErrorMs, int underruns, boolean late) {
            this(bufferMs, latencyMs, syncErrorMs, underruns, late, null, null);
        }
    }
}
