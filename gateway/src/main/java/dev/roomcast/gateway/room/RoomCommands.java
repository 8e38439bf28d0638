package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;

/** Room messages from sockets: create, join, leave, rename, participants, and the host's controls. */
@ApplicationScoped
public class RoomCommands {
    private final RoomServiceClient rooms;
    private final SessionRegistry registry;
    private final GatewayIdentity gateway;
    private final Refusals refusals;
    private final CreateLimiter createLimiter;
    private final PublicUrls urls;
    private final JoinBatcher joins;
    private final HistoryFanIn history;

    public RoomCommands(RoomServiceClient rooms, SessionRegistry registry, GatewayIdentity gateway, Refusals refusals,
                        CreateLimiter createLimiter, PublicUrls urls, JoinBatcher joins,
                        HistoryFanIn history) {
        this.rooms = rooms;
        this.joins = joins;
        this.history = history;
        this.registry = registry;
        this.gateway = gateway;
        this.refusals = refusals;
        this.createLimiter = createLimiter;
        this.urls = urls;
    }

    public void create(Session s, ClientMessage.RoomCreate m) {
        if (!free(s, "room:create")) {
            return;
        }
        if (!createLimiter.tryCreate(s.ip())) {
            refusals.refuse(s, ErrorCode.RATE_LIMITED, "too many rooms created from this address", "room:create");
            return;
        }
        s.setJoining(true);
        rooms.create(m.roomName()).subscribe().with(reply -> {
            if (!reply.ok()) {
                s.setJoining(false);
                refusals.refuse(s, reply.errorCode(), reply.errorMessage(), "room:create");
                return;
            }
            JsonNode b = reply.json();
            String roomId = b.path("roomId").asText();
            String token = b.path("hostToken").asText();
            var handshake = s.connection().handshakeRequest();
            s.send(new ServerMessage.RoomCreated(roomId, b.path("roomName").asText(), b.path("hostId").asText(), token,
                    b.path("createdAt").asLong(), urls.roomUrl(roomId, handshake.scheme(), handshake.header("Host"))));
            doJoin(s, roomId, m.username(), token, null);
        });
    }

    public void join(Session s, ClientMessage.RoomJoin m) {
        if (free(s, "room:join")) {
            s.setJoining(true);
            doJoin(s, m.roomId(), m.username(), m.hostToken(), m.password());
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

    /** Through the {@link JoinBatcher}: one batch call to room-service per room per round, not one per socket. */
    private void doJoin(Session s, String roomId, String username, String hostToken, String password) {
        String name = username != null ? username : s.username();
        joins.join(roomId, s.userId(), name, hostToken, password).subscribe().with(reply -> {
            s.setJoining(false);
            if (!reply.ok()) {
                refuseJoin(s, roomId, reply.refusal());
                return;
            }
            JsonNode room = reply.room();
            Participant you = reply.you();
            if (!s.isOpen()) {
                rooms.leave(roomId, you.userId()).subscribe().with(r -> { });
                return;
            }
            s.setUsername(you.username());
            s.enter(roomId, you.userId(), you.isHost(), hostToken);
            RoomLocal local = registry.prepareRoom(roomId);
            RoomDetailsMapper.apply(room, local);
            s.send(RoomDetailsMapper.joined(room, reply.participants(), you));
            registry.enterRoom(s, local);
            ServerMessage.BroadcastSignal signal = local.signalForJoiner();
            if (signal != null) {
                s.send(signal);
            }
            history.send(s, roomId);
        }, failure -> {
            s.setJoining(false);
            refusals.refuse(s, ErrorCode.UNAVAILABLE, "service unavailable, try again", "room:join");
        });
    }

    private void refuseJoin(Session s, String roomId, ServiceReply reply) {
        ErrorCode code = reply.errorCode();
        switch (code) {
            case ROOM_NOT_FOUND, ROOM_CLOSED -> s.send(new ServerMessage.RoomNotFound(roomId));
            case ROOM_FULL -> s.send(new ServerMessage.RoomFull(roomId, reply.json().path("maxUsers").asInt(
                    reply.json().path("error").path("maxUsers").asInt(0))));
            default -> refusals.refuse(s, code, reply.errorMessage(), "room:join");
        }
    }

    public void leave(Session s) {
        String userId = s.userId();
        String roomId = registry.leaveRoom(s);
        if (roomId == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", "room:leave");
            return;
        }
        rooms.leave(roomId, userId).subscribe().with(r -> { });
        s.send(new ServerMessage.RoomLeft(roomId));
    }

    /** The socket went away: leave its room at room-service too. */
    public void disconnected(Session s) {
        String userId = s.userId();
        String roomId = registry.leaveRoom(s);
        if (roomId != null) {
            rooms.leave(roomId, userId).subscribe().with(r -> { });
        }
    }

    public void rename(Session s, ClientMessage.UserRename m) {
        String roomId = s.roomId();
        if (roomId == null) {
            s.setUsername(m.username());
            s.send(new ServerMessage.UserRenamed(null, s.userId(), m.username()));
            return;
        }
        rooms.rename(roomId, s.userId(), m.username()).subscribe().with(reply -> {
            if (reply.ok()) {
                s.setUsername(m.username());
            } else {
                refusals.refuse(s, reply.errorCode(), reply.errorMessage(), "user:rename");
            }
        });
    }

    public void participants(Session s) {
        String roomId = s.roomId();
        if (roomId == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", "participants:list");
            return;
        }
        rooms.get(roomId).subscribe().with(reply -> {
            if (reply.ok()) {
                s.send(new ServerMessage.ParticipantsList(roomId, RoomDetailsMapper.participants(reply.json())));
            } else {
                refusals.refuse(s, reply.errorCode(), reply.errorMessage(), "participants:list");
            }
        });
    }

    public void startBroadcast(Session s, ClientMessage.BroadcastStart m) {
        if (host(s, m.roomId(), "broadcast:start")) {
            JsonNode config = ProtocolJson.mapper().valueToTree(m.audioConfig());
            rooms.startBroadcast(m.roomId(), s.hostToken(), config).subscribe().with(reply -> hostReply(s, reply, "broadcast:start"));
        }
    }

    public void stopBroadcast(Session s, ClientMessage.BroadcastStop m) {
        if (host(s, m.roomId(), "broadcast:stop")) {
            rooms.stopBroadcast(m.roomId(), s.hostToken()).subscribe().with(reply -> hostReply(s, reply, "broadcast:stop"));
        }
    }

    public void settings(Session s, ClientMessage.RoomSettings m) {
        if (host(s, m.roomId(), "room:settings")) {
            ObjectNode body = ProtocolJson.mapper().createObjectNode();
            if (m.preset() != null) {
                body.put("preset", m.preset().wire());
            }
            if (m.password() != null) {
                body.put("password", m.password());
            }
            rooms.settings(m.roomId(), s.hostToken(), body).subscribe().with(reply -> hostReply(s, reply, "room:settings"));
        }
    }

    public void kick(Session s, ClientMessage.UserKick m) {
        if (!host(s, m.roomId(), "user:kick")) {
            return;
        }
        if (m.userId().equals(s.userId())) {
            refusals.refuse(s, ErrorCode.BAD_MESSAGE, "the host cannot kick itself", "user:kick");
            return;
        }
        rooms.kick(m.roomId(), s.hostToken(), m.userId()).subscribe().with(reply -> hostReply(s, reply, "user:kick"));
    }

    private void hostReply(Session s, ServiceReply reply, String ref) {
        if (!reply.ok()) {
            refusals.refuse(s, reply.errorCode(), reply.errorMessage(), ref);
        }
    }

    /** Host-only actions: the socket must be in that room and have proved the host token. */
    private boolean host(Session s, String roomId, String ref) {
        if (s.roomId() == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "you are not in a room", ref);
            return false;
        }
        if (!s.roomId().equals(roomId)) {
            refusals.refuse(s, ErrorCode.WRONG_ROOM, "that is not your room", ref);
            return false;
        }
        if (!s.isHost() || s.hostToken() == null) {
            refusals.refuse(s, ErrorCode.NOT_HOST, "only the host can do that", ref);
            return false;
        }
        return true;
    }
}
