package dev.roomcast.gateway.events;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.reactions.ReactionHub;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.SignalState;
import java.util.Collection;
import java.util.List;

/**
 * Delivers one room event to this node's sockets in that room (encoded once), after bringing the
 * node's view of the room up to date (the participant count only from a newer presence version);
 * then applies what the event does to membership (room closed, user kicked).
 */
@ApplicationScoped
public class RoomEventDispatcher {
    private final SessionRegistry registry;
    private final int coalesceAbove;
    private final long presenceIntervalMs;
    private final Vertx vertx;
    private final ReactionHub reactions;
    private static final long SIGNAL_CHECK_MS = 500;

    public RoomEventDispatcher(SessionRegistry registry, GatewayConfig config, Vertx vertx, ReactionHub reactions) {
        this.registry = registry;
        this.reactions = reactions;
        this.coalesceAbove = config.presenceCoalesceAbove();
        this.presenceIntervalMs = Math.max(50, config.presenceInterval().toMillis());
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        vertx.setPeriodic(presenceIntervalMs, id -> flushPresence());
        vertx.setPeriodic(SIGNAL_CHECK_MS, id -> checkSignals());
    }

    /**
     * A live room whose audio the relay has not reported for {@link Limits#NO_AUDIO_AFTER_MS} is
     * {@code none} for its guests here (the relay only speaks when frames arrive, so silence of the
     * host's socket is decided on this side). Sound or silence come back with the relay's next report.
     */
    void checkSignals() {
        long now = System.currentTimeMillis();
        for (RoomLocal room : registry.rooms()) {
            if (room.isLive() && room.signal() != SignalState.NONE
                    && now - room.audioSeenAtMs() >= Limits.NO_AUDIO_AFTER_MS && room.setSignal(SignalState.NONE, false)) {
                String json = ProtocolJson.encode(new ServerMessage.BroadcastSignal(room.roomId(), SignalState.NONE,
                        ServerClock.nowUs() - Limits.NO_AUDIO_AFTER_MS * 1000L));
                for (Session s : room.sessions()) {
                    s.sendJson(json);
                }
            }
        }
    }

    /**
     * Sends each big room's coalesced presence changes, encoded once, to its guests here (the host
     * got every change as it happened). At most one {@code participants:update} per room per interval.
     */
    void flushPresence() {
        for (RoomLocal room : registry.rooms()) {
            long[] now = room.presence();
            ServerMessage.ParticipantsUpdate u = room.presenceDigest().drain(room.roomId(), (int) now[0], now[1]);
            if (u == null) {
                continue;
            }
            String json = ProtocolJson.encode(u);
            for (Session s : room.sessions()) {
                if (!room.hostSessions().contains(s)) {
                    s.sendJson(json);
                }
            }
        }
    }

    public void deliver(RoomEvent event) {
        RoomLocal room = registry.room(event.roomId());
        if (room == null || event.message() == null) {
            return;
        }
        if (event.message() instanceof ServerMessage.ReactionsUpdate r) {
            reactions.remote(event, r); // merged into this node's next window, never sent as it is
            return;
        }
        ServerMessage message = update(room, event.message());
        if (message == null) {
            return; // nothing new for the clients (a signal state they already have)
        }
        String json = ProtocolJson.encode(message);
        Collection<Session> targets;
        if (event.toUserId() == null && coalesced(room, message)) {
            targets = room.hostSessions();
        } else if (message instanceof ServerMessage.ForModerators) {
            targets = room.sessions().stream().filter(s -> s.isHost() || s.isCohost()).toList();
        } else if (event.toUserId() == null) {
            targets = room.sessions();
        } else if (message instanceof ServerMessage.HostMoved moved) {
            // only the sockets that joined before the handover: the new device's may already be here
            targets = registry.userInRoom(event.roomId(), event.toUserId()).stream()
                    .filter(s -> s.isHost() && s.enteredAtMs() < moved.at()).toList();
        } else {
            targets = registry.userInRoom(event.roomId(), event.toUserId());
        }
        if (message instanceof ServerMessage.HostMoved) {
            // out of the room here only: the member (the host's id) is the new device's now
            for (Session s : targets) {
                registry.leaveRoom(s);
            }
        } else if (changesMembership(event.toUserId(), message)) {
            // membership first: a client that acts on room:kicked / room:closed at once (joins
            // again, joins another room) must find it applied, not get already_in_room
            List<Session> snapshot = List.copyOf(targets);
            after(room, event.toUserId(), message);
            targets = snapshot;
        }
        for (Session s : targets) {
            s.sendJson(json);
        }
    }

    private static boolean changesMembership(String toUserId, ServerMessage m) {
        return m instanceof ServerMessage.RoomClosed || (m instanceof ServerMessage.RoomKicked && toUserId != null);
    }

    /**
     * In a room bigger than the threshold (its count, or its sockets on this node), arrivals and departures reach guests only through the
     * room's digest ({@code participants:update}, once per interval); hosts still get each one.
     */
    private boolean coalesced(RoomLocal room, ServerMessage m) {
        // the sockets here count too: the room's count can drop far below them (room-service reaped
        // this node's members while it was too busy to send its heartbeat), and sending each of
        // thousands of departures — and then their joins again — to thousands of sockets one by
        // one is n² messages on a node that is already behind (seen in the fan-out benchmark)
        if (Math.max(room.participantCount(), room.sessions().size()) <= coalesceAbove) {
            return false;
        }
        if (m instanceof ServerMessage.UserJoined j) {
            room.presenceDigest().joined(new ServerMessage.Arrival(j.userId(), j.username(), j.isHost(), j.presenceVersion(),
                    j.isCohost()));
            return true;
        }
        if (m instanceof ServerMessage.UserLeft l) {
            room.presenceDigest().left(new ServerMessage.Departed(l.userId(), l.username(), l.presenceVersion()));
            return true;
        }
        return false;
    }

    private ServerMessage update(RoomLocal room, ServerMessage m) {
        if (m instanceof ServerMessage.UserJoined j) {
            room.applyPresence(j.participantCount(), j.presenceVersion());
        } else if (m instanceof ServerMessage.UserLeft l) {
            room.applyPresence(l.participantCount(), l.presenceVersion());
        } else if (m instanceof ServerMessage.HostStatus h) {
            room.setHostConnected(h.connected());
        } else if (m instanceof ServerMessage.BroadcastStarted b) {
            room.setLive(true, b.audioConfig());
            room.setPreset(b.preset());
            room.audioExpected();
        } else if (m instanceof ServerMessage.BroadcastStopped) {
            room.setLive(false, null);
            room.audioExpected();
            room.setPeek(null);
        } else if (m instanceof ServerMessage.PeekFrame p) {
            room.setPeek(p);
        } else if (m instanceof ServerMessage.PeekStopped) {
            room.setPeek(null);
        } else if (m instanceof ServerMessage.BroadcastSignal sig) {
            return room.setSignal(sig.state(), true) ? m : null;
        } else if (m instanceof ServerMessage.RoomSettingsChanged r) {
            room.setPreset(r.preset());
        } else if (m instanceof ServerMessage.AuxHandoff h) {
            room.handoff(h);
        } else if (m instanceof ServerMessage.UserCohost c) {
            for (Session s : registry.userInRoom(room.roomId(), c.userId())) {
                s.setCohost(c.isCohost());
            }
        } else if (m instanceof ServerMessage.BroadcastStats st) {
            if (st.signal() != null && room.setSignal(st.signal(), true)) {
                // audio is back after "none" (or this node missed the change): say so before the stats
                String json = ProtocolJson.encode(new ServerMessage.BroadcastSignal(room.roomId(), st.signal(), ServerClock.nowUs()));
                for (Session s : room.sessions()) {
                    s.sendJson(json);
                }
            }
            int buffer = room.bufferLevelMs() >= 0 ? room.bufferLevelMs() : st.bufferLevel();
            return new ServerMessage.BroadcastStats(st.roomId(), st.bitrate(), st.latency(), buffer,
                    room.guestCount(), st.quality(), st.loss(), st.jitterMs(), st.signal());
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
