package dev.roomcast.gateway.room;

import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.message.ClientMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Passing the aux from sockets: the host offers it ({@code aux:pass}), the member it was offered to
 * takes or declines it, the one who has it (or the host) gives it back. room-service decides and
 * tells the room ({@code aux:offered}, {@code aux:handoff}); a refusal is answered here with its code.
 * Who acts comes from the socket: the host token for the host, the user id for anyone else.
 */
@ApplicationScoped
public class AuxCommands {
    private final RoomServiceClient rooms;
    private final RoomCommands roles;
    private final Refusals refusals;

    public AuxCommands(RoomServiceClient rooms, RoomCommands roles, Refusals refusals) {
        this.rooms = rooms;
        this.roles = roles;
        this.refusals = refusals;
    }

    public void pass(Session s, ClientMessage.AuxPass m) {
        if (roles.host(s, m.roomId(), m.type())) {
            rooms.auxOffer(m.roomId(), s.hostToken(), m.userId()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, RoomCommands.refusal(failure), m.type()));
        }
    }

    public void accept(Session s, ClientMessage.AuxAccept m) {
        if (roles.inRoom(s, m.roomId(), m.type())) {
            rooms.auxAccept(m.roomId(), s.userId()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, RoomCommands.refusal(failure), m.type()));
        }
    }

    public void decline(Session s, ClientMessage.AuxDecline m) {
        if (roles.inRoom(s, m.roomId(), m.type())) {
            rooms.auxDecline(m.roomId(), hostToken(s), s.userId()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, RoomCommands.refusal(failure), m.type()));
        }
    }

    public void giveBack(Session s, ClientMessage.AuxReturn m) {
        if (roles.inRoom(s, m.roomId(), m.type())) {
            rooms.auxReturn(m.roomId(), hostToken(s), s.userId()).subscribe().with(
                    ok -> { }, failure -> refusals.refuse(s, RoomCommands.refusal(failure), m.type()));
        }
    }

    /** The host acts with its token; anyone else is named by user id. */
    private static String hostToken(Session s) {
        return s.isHost() ? s.hostToken() : null;
    }
}
