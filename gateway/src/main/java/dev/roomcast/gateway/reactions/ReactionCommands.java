package dev.roomcast.gateway.reactions;

import dev.roomcast.gateway.room.RoomCommands;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.message.ClientMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code reaction:send} from a socket: a member of a live room, a stream time it can be hearing now,
 * within its own rate ({@link Limits#REACTIONS_PER_SECOND}); the emoji was checked by the record.
 * Accepted reactions are counted into the room's window ({@link ReactionHub}); nothing is answered
 * (the sender sees its reaction in the room's next {@code reactions:update}, like everyone).
 */
@ApplicationScoped
public class ReactionCommands {
    private final RoomCommands roles;
    private final SessionRegistry registry;
    private final ReactionHub hub;
    private final Refusals refusals;

    public ReactionCommands(RoomCommands roles, SessionRegistry registry, ReactionHub hub, Refusals refusals) {
        this.roles = roles;
        this.registry = registry;
        this.hub = hub;
        this.refusals = refusals;
    }

    public void send(Session s, ClientMessage.ReactionSend m, long nowNs) {
        if (!roles.inRoom(s, m.roomId(), m.type())) {
            return;
        }
        RoomLocal room = registry.room(m.roomId());
        if (room == null || !room.isLive()) {
            refusals.refuse(s, ErrorCode.NOT_LIVE, "reactions are for a live broadcast", m.type());
            return;
        }
        if (!Reactions.heardNear(m.atUs(), ServerClock.nowUs())) {
            refusals.refuse(s, ErrorCode.BAD_MESSAGE, "atUs is not a stream time you can be hearing now", m.type());
            return;
        }
        if (!s.tryReaction(nowNs)) {
            refusals.refuse(s, ErrorCode.RATE_LIMITED, "at most " + Limits.REACTIONS_PER_SECOND + " reactions a second", m.type());
            return;
        }
        hub.local(m.roomId(), Reactions.indexOf(m.emoji()), m.atUs());
    }
}
