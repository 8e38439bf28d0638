package dev.roomcast.gateway.room;

import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.DeviceKeys;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.JoinAnswer;
import dev.roomcast.protocol.api.JoinBatchRequest;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomFullException;
import dev.roomcast.protocol.api.SettingsRequest;
import dev.roomcast.protocol.api.TrackRequest;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Room messages from sockets: create, join, leave, rename, participants, and the host's controls.
 * Every refusal, local or room-service's, is answered with the refused message's type as {@code ref}.
 */
@ApplicationScoped
public class RoomCommands {
    private final RoomServiceClient rooms;
    private final SessionRegistry registry;
    private final Refusals refusals;
    private final CreateLimiter createLimiter;
    private final PublicUrls urls;
    private final JoinBatcher joins;

    public RoomCommands(RoomServiceClient rooms, SessionRegistry registry, Refusals refusals, CreateLimiter createLimiter,
                        PublicUrls urls, JoinBatcher joins) {
        this.rooms = rooms;
        this.registry = registry;
        this.refusals = refusals;
        this.createLimiter = createLimiter;
        this.urls = urls;
        this.joins = joins;
    }

    public void create(Session s, ClientMessage.RoomCreate m) {
        if (!free(s, m.type())) {
            return;
        }
        if (!createLimiter.tryCreate(s.ip())) {
            refusals.refuse(s, ErrorCode.RATE_LIMITED, "too many rooms created from this address", m.type());
            return;
        }
        s.setJoining(true);
        rooms.create(m.roomName(), Boolean.TRUE.equals(m.listed())).subscribe().with(created -> {
            var handshake = s.connection().handshakeRequest();
            String url = urls.roomUrl(created.roomId(), handshake.scheme(), handshake.header("Host"));
            s.send(new ServerMessage.RoomCreated(created.roomId(), created.roomName(), created.hostId(), created.hostToken(),
                    created.createdAt(), url, created.listed()));
            doJoin(s, created.roomId(), m.username(), created.hostToken(), null, null, m.type());
        }, failure -> {
            s.setJoining(false);
            refusals.refuse(s, refusal(failure), m.type());
        });
    }

    public void join(Session s, ClientMessage.RoomJoin m) {
        if (free(s, m.type())) {
            s.setJoining(true);
            doJoin(s, m.roomId(), m.username(), m.hostToken(), m.password(), m.deviceKey(), m.type());
        }
    }

    private boolean free(Session s, String ref) {
        if (s.roomId() != null) {
            refusals.refuse(s, ErrorCode.ALREADY_IN_ROOM, "leave your room first", ref);
            return false;
        }
        if (s.isJoining()) {
            refusals.refuse(s, ErrorCode.ALREADY_IN_ROOM, "a join is already under way", ref);
            return false;
        }
        return true;
    }

    /**
     * Through the {@link JoinBatcher}: one batch call to room-service per room per round, not one
     * per socket. Without a username the socket joins with its current one ({@code server:welcome},
     * or its last {@code user:rename}). The socket's address goes along (for bans: room-service keeps a hash).
     */
    private void doJoin(Session s, String roomId, String username, String hostToken, String password, String deviceKey,
                        String ref) {
        String name = username != null ? username : s.username();
        var member = new JoinBatchRequest.Member(s.userId(), name, hostToken, password, deviceKey, s.ip());
        joins.join(roomId, member).subscribe().with(answer -> {
            s.setJoining(false);
            entered(s, answer, hostToken, deviceKey == null ? null : DeviceKeys.hash(deviceKey));
        }, failure -> {
            s.setJoining(false);
            refuseJoin(s, roomId, refusal(failure), ref);
        });
    }

    private void entered(Session s, JoinAnswer answer, String hostToken, String deviceHash) {
        RoomDetails room = answer.room();
        Participant you = answer.you();
        if (!s.isOpen()) {
            rooms.leave(room.roomId(), you.userId()).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        s.setUsername(you.username());
        s.enter(room.roomId(), you.userId(), you.isHost(), you.isCohost(), hostToken, deviceHash);
        RoomLocal local = registry.prepareRoom(room);
        s.send(new ServerMessage.RoomJoined(room.roomId(), room.roomName(), room.hostId(), room.participants(), room.isLive(),
                you, room.preset(), room.playoutDelayMs(), room.audioConfig(), room.hostConnected(), room.hasPassword(),
                room.participantCount(), room.presenceVersion(), room.listed(), room.slowModeSeconds(), room.aux(), room.track()));
        registry.enterRoom(s, local);
        ServerMessage.BroadcastSignal signal = local.signalForJoiner();
        if (signal != null) {
            s.send(signal);
        }
        ServerMessage.PeekFrame peek = local.peekForJoiner();
        if (peek != null) {
            s.send(peek);
        }
    }

    private void refuseJoin(Session s, String roomId, ProtocolException e, String ref) {
        if (e.code() == ErrorCode.ROOM_NOT_FOUND || e.code() == ErrorCode.ROOM_CLOSED) {
            s.send(new ServerMessage.RoomNotFound(roomId));
        } else if (e instanceof RoomFullException full) {
            s.send(new ServerMessage.RoomFull(roomId, full.maxUsers()));
        } else {
            refusals.refuse(s, e, ref);
        }
    }

    public void leave(Session s) {
        String userId = s.userId();
        String roomId = registry.leaveRoom(s);
        if (roomId == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", "room:leave");
            return;
        }
        leaveUnlessStillIn(roomId, userId);
        s.send(new ServerMessage.RoomLeft(roomId));
    }

    /** The socket went away: leave its room at room-service too. */
    public void disconnected(Session s) {
        String userId = s.userId();
        String roomId = registry.leaveRoom(s);
        if (roomId != null) {
            leaveUnlessStillIn(roomId, userId);
        }
    }

    /**
     * Tells room-service this user left, unless another of its sockets here is still in the room
     * (the host's second tab, a reconnect racing the old socket's close): guests must not read "the
     * host is reconnecting" while the host is there.
     */
    private void leaveUnlessStillIn(String roomId, String userId) {
        if (!registry.stillIn(roomId, userId)) {
            rooms.leave(roomId, userId).subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** Outside a room the name is the socket's own (answered at once); inside, the room hears {@code user:renamed}. */
    public void rename(Session s, ClientMessage.UserRename m) {
        String roomId = s.roomId();
        if (roomId == null) {
            s.setUsername(m.username());
            s.send(new ServerMessage.UserRenamed(null, s.userId(), m.username()));
            return;
        }
        rooms.rename(roomId, s.userId(), m.username()).subscribe().with(
                p -> s.setUsername(p.username()),
                failure -> refusals.refuse(s, refusal(failure), m.type()));
    }

    public void participants(Session s) {
        String roomId = s.roomId();
        if (roomId == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", "participants:list");
            return;
        }
        rooms.get(roomId).subscribe().with(
                room -> s.send(new ServerMessage.ParticipantsList(roomId, room.participants(), room.presenceVersion())),
                failure -> refusals.refuse(s, refusal(failure), "participants:list"));
    }

    public void startBroadcast(Session s, ClientMessage.BroadcastStart m) {
        if (host(s, m.roomId(), m.type())) {
            // live here at once: the host's first frames may come before this node reads broadcast:started
            rooms.startBroadcast(m.roomId(), s.hostToken(), m.audioConfig()).subscribe().with(room -> {
                RoomLocal local = registry.room(room.roomId());
                if (local != null) {
                    local.setLive(room.isLive(), room.audioConfig());
                }
            }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    public void stopBroadcast(Session s, ClientMessage.BroadcastStop m) {
        if (host(s, m.roomId(), m.type())) {
            rooms.stopBroadcast(m.roomId(), s.hostToken()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    public void settings(Session s, ClientMessage.RoomSettings m) {
        if (host(s, m.roomId(), m.type())) {
            rooms.settings(m.roomId(), s.hostToken(), new SettingsRequest(m.preset(), m.password(), m.listed())).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /** Host only, while live: what plays from a stream time on; the room hears {@code track:changed}. */
    public void track(Session s, ClientMessage.TrackSet m) {
        if (host(s, m.roomId(), m.type())) {
            rooms.track(m.roomId(), s.hostToken(), new TrackRequest(m.title(), m.artist(), m.album(), m.atUs(), m.art())).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /**
     * The host or a co-host: the kicked user gets {@code room:kicked} and everyone {@code user:left};
     * someone not in the room is {@code not_in_room}.
     */
    public void kick(Session s, ClientMessage.UserKick m) {
        if (!moderator(s, m.roomId(), m.type())) {
            return;
        }
        if (m.userId().equals(s.userId())) {
            refusals.refuse(s, ErrorCode.BAD_MESSAGE, "you cannot remove yourself", m.type());
            return;
        }
        rooms.kick(m.roomId(), s.hostToken(), s.userId(), m.userId()).subscribe().with(
                ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
    }

    /** The host or a co-host mutes (or, with 0 s, unmutes) a member in chat; someone not in the room is {@code not_in_room}. */
    public void mute(Session s, ClientMessage.ChatMute m) {
        if (moderator(s, m.roomId(), m.type())) {
            rooms.mute(m.roomId(), s.hostToken(), s.userId(), m.userId(), m.seconds()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /** The host or a co-host sets slow mode; everyone hears {@code room:settings}. */
    public void slowMode(Session s, ClientMessage.ChatSlowMode m) {
        if (moderator(s, m.roomId(), m.type())) {
            rooms.slowMode(m.roomId(), s.hostToken(), s.userId(), m.seconds()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /** The host makes a participant a co-host, or no longer one; everyone hears {@code user:cohost}. */
    public void cohost(Session s, ClientMessage.UserCohost m) {
        if (host(s, m.roomId(), m.type())) {
            rooms.cohost(m.roomId(), s.hostToken(), m.userId(), m.isCohost()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /** Closes the room for everyone (everyone gets {@code room:closed} reason host). */
    public void close(Session s, ClientMessage.RoomClose m) {
        if (host(s, m.roomId(), m.type())) {
            rooms.delete(m.roomId(), "Bearer " + s.hostToken()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, refusal(failure), m.type()));
        }
    }

    /**
     * Moderation (remove, mute, delete chat, slow mode): the socket must be in that room and be its
     * host or a co-host. The service that acts checks the role again in Redis.
     */
    public boolean moderator(Session s, String roomId, String ref) {
        if (!inRoom(s, roomId, ref)) {
            return false;
        }
        if (!(s.isHost() && s.hostToken() != null) && !s.isCohost()) {
            refusals.refuse(s, ErrorCode.NOT_COHOST, "only the host or a co-host can do that", ref);
            return false;
        }
        return true;
    }

    /** The socket must be in that room (any role). */
    public boolean inRoom(Session s, String roomId, String ref) {
        if (s.roomId() == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", ref);
            return false;
        }
        if (!s.roomId().equals(roomId)) {
            refusals.refuse(s, ErrorCode.WRONG_ROOM, "that is not your room", ref);
            return false;
        }
        return true;
    }

    /** Host-only actions: the socket must be in that room and have proved the host token. */
    public boolean host(Session s, String roomId, String ref) {
        if (!inRoom(s, roomId, ref)) {
            return false;
        }
        if (!s.isHost() || s.hostToken() == null) {
            refusals.refuse(s, ErrorCode.NOT_HOST, "only the host can do that", ref);
            return false;
        }
        return true;
    }

    /** What a failed service call tells the socket (the service clients fail with ProtocolException only). */
    public static ProtocolException refusal(Throwable failure) {
        return failure instanceof ProtocolException pe ? pe
                : new ProtocolException(ErrorCode.INTERNAL, "something went wrong, try again");
    }
}
