package dev.roomcast.gateway.events;

import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;

/**
 * Delivers one room event to this node's sockets in that room (encoded once), after bringing the
 * node's view of the room up to date; then applies what the event does to membership
 * (room closed, user kicked).
 */
@ApplicationScoped
public class RoomEventDispatcher {
    private final SessionRegistry registry;
    private final Event<RoomEventApplied> applied;

    public RoomEventDispatcher(SessionRegistry registry, Event<RoomEventApplied> applied) {
        this.registry = registry;
        this.applied = applied;
    }

    public void deliver(RoomEvent event) {
        RoomLocal room = registry.room(event.roomId());
        if (room == null || event.message() == null) {
            return;
        }
        ServerMessage message = update(room, event.message());
        applied.fire(new RoomEventApplied(room, event.toUserId(), message));
        String json = ProtocolJson.encode(message);
        if (event.toUserId() == null) {
            for (Session s : room.sessions()) {
                s.sendJson(json);
            }
        } else {
            for (Session s : registry.userInRoom(event.roomId(), event.toUserId())) {
                s.sendJson(json);
            }
        }
        after(room, event.toUserId(), message);
    }

    private ServerMessage update(RoomLocal room, ServerMessage m) {
        if (m instanceof ServerMessage.UserJoined j) {
            room.setParticipantCount(j.participantCount());
        } else if (m instanceof ServerMessage.UserLeft l) {
            room.setParticipantCount(l.participantCount());
        } else if (m instanceof ServerMessage.HostStatus h) {
            room.setHostConnected(h.connected());
        } else if (m instanceof ServerMessage.BroadcastStarted b) {
            room.setLive(true, b.audioConfig());
            room.setPreset(b.preset());
        } else if (m instanceof ServerMessage.BroadcastStopped) {
            room.setLive(false, null);
        } else if (m instanceof ServerMessage.RoomSettingsChanged r) {
            room.setPreset(r.preset());
        } else if (m instanceof ServerMessage.BroadcastStats st) {
            int buffer = room.bufferLevelMs() >= 0 ? room.bufferLevelMs() : st.bufferLevel();
            return new ServerMessage.BroadcastStats(st.roomId(), st.bitrate(), st.latency(), buffer,
                    room.guestCount(), st.quality(), st.loss(), st.jitterMs());
        }
        return m;
    }

    private void after(RoomLocal room, String toUserId, ServerMessage m) {
        if (m instanceof ServerMessage.RoomClosed) {
            registry.dropRoom(room.roomId());
        } else if (m instanceof ServerMessage.RoomKicked && toUserId != null) {
            List<Session> kicked = registry.userInRoom(room.roomId(), toUserId);
            for (Session s : kicked) {
                registry.leaveRoom(s);
            }
        }
    }
}
