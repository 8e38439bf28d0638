package dev.roomcast.gateway.requests;

import dev.roomcast.gateway.room.RoomCommands;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Track requests from sockets. The requester is the socket's own user (never a payload field);
 * room-service keeps the queue, limits the rate and publishes {@code request:added} /
 * {@code request:resolved} (delivered to the host and co-hosts only), {@code request:update} (to the
 * requester) and {@code requests:open} (to the room), so every gateway's sockets hear them.
 */
@ApplicationScoped
public class RequestCommands {
    private final RoomServiceClient rooms;
    private final RoomCommands roles;
    private final Refusals refusals;

    public RequestCommands(RoomServiceClient rooms, RoomCommands roles, Refusals refusals) {
        this.rooms = rooms;
        this.roles = roles;
        this.refusals = refusals;
    }

    /** Any member asks; it hears {@code request:update} (requested) through the room's events. */
    public void send(Session s, ClientMessage.RequestSend m) {
        if (roles.inRoom(s, m.roomId(), m.type())) {
            refuseOnFailure(rooms.requestAdd(m.roomId(), s.userId(), m.text()), s, m.type());
        }
    }

    /** The host or a co-host: played or dismissed. */
    public void resolve(Session s, ClientMessage.RequestResolve m) {
        if (roles.moderator(s, m.roomId(), m.type())) {
            refuseOnFailure(rooms.requestResolve(m.roomId(), s.hostToken(), s.userId(), m.requestId(), m.outcome()), s, m.type());
        }
    }

    /** Answered with {@code requests:queue}: every open request for the host and co-hosts, its own for anyone else. */
    public void list(Session s, ClientMessage.RequestsList m) {
        if (roles.inRoom(s, m.roomId(), m.type())) {
            String token = s.isHost() ? s.hostToken() : null;
            rooms.requestQueue(m.roomId(), token, s.userId()).subscribe().with(
                    q -> s.send(new ServerMessage.RequestsQueue(m.roomId(), q.open(), q.requests())),
                    failure -> refusals.refuse(s, RoomCommands.refusal(failure), m.type()));
        }
    }

    /** The host or a co-host turns requests on or off; the room hears {@code requests:open}. */
    public void open(Session s, ClientMessage.RequestsOpen m) {
        if (roles.moderator(s, m.roomId(), m.type())) {
            refuseOnFailure(rooms.requestsOpen(m.roomId(), s.hostToken(), s.userId(), m.open()), s, m.type());
        }
    }

    /** The answer reaches the room as its events; only a refusal goes back to this socket. */
    private void refuseOnFailure(io.smallrye.mutiny.Uni<?> call, Session s, String type) {
        call.subscribe().with(ok -> { }, failure -> refusals.refuse(s, RoomCommands.refusal(failure), type));
    }
}
