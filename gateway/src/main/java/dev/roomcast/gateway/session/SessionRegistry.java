package dev.roomcast.gateway.session;

import dev.roomcast.protocol.api.RoomDetails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Every open socket of this gateway, by connection and by room, and open sockets per IP. */
@ApplicationScoped
public class SessionRegistry {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, RoomLocal> rooms = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final Event<RoomPresence> presence;

    public SessionRegistry(Event<RoomPresence> presence) {
        this.presence = presence;
    }

    public int connectionsFrom(String ip) {
        AtomicInteger n = perIp.get(ip);
        return n == null ? 0 : n.get();
    }

    /**
     * Registers a new socket unless its address already holds {@code maxPerIp} (checked and counted
     * in one step, so sockets opening at once never overshoot it).
     *
     * @return false if the address is at its limit (the socket is not registered)
     */
    public boolean tryOpen(Session s, int maxPerIp) {
        boolean[] ok = {false};
        perIp.compute(s.ip(), (k, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (c.get() < maxPerIp) {
                c.incrementAndGet();
                ok[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (ok[0]) {
            sessions.put(s.id(), s);
        }
        return ok[0];
    }

    public void closed(Session s) {
        if (sessions.remove(s.id()) != null) {
            perIp.computeIfPresent(s.ip(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        leaveRoom(s);
    }

    public Session byConnection(String connectionId) {
        return sessions.get(connectionId);
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }

    /**
     * This node's view of a room before a socket enters it: made from room-service's answer to the
     * join, or brought up to date with it.
     */
    public RoomLocal prepareRoom(RoomDetails details) {
        boolean[] made = {false};
        RoomLocal room = rooms.computeIfAbsent(details.roomId(), k -> {
            made[0] = true;
            return new RoomLocal(details);
        });
        if (!made[0]) {
            room.apply(details);
        }
        return room;
    }

    /** Puts the socket in the room on this node (the caller has room-service's consent). */
    public RoomLocal enterRoom(Session s, RoomLocal prepared) {
        RoomLocal room = rooms.compute(prepared.roomId(), (k, current) -> {
            RoomLocal r = current == null ? prepared : current;
            r.add(s);
            return r;
        });
        presence.fire(new RoomPresence(s, room, true));
        return room;
    }

    /** Takes the socket out of its room on this node; returns the room id it was in, or null. */
    public String leaveRoom(Session s) {
        String roomId = s.roomId();
        if (roomId == null) {
            return null;
        }
        RoomLocal room = rooms.get(roomId);
        s.exit();
        if (room != null && room.remove(s)) {
            presence.fire(new RoomPresence(s, room, false));
            rooms.computeIfPresent(roomId, (k, r) -> r.isEmpty() ? null : r);
        }
        return roomId;
    }

    /**
     * True while another socket on this node is in the room as this user: a second studio tab of
     * the host, or the new socket of a reconnect that joined before the old one was seen to die.
     */
    public boolean stillIn(String roomId, String userId) {
        RoomLocal room = rooms.get(roomId);
        if (room == null || userId == null) {
            return false;
        }
        for (Session o : room.sessions()) {
            if (userId.equals(o.userId())) {
                return true;
            }
        }
        return false;
    }

    /** Takes every socket out of a room on this node (the room closed); returns them. */
    public List<Session> dropRoom(String roomId) {
        RoomLocal room = rooms.get(roomId);
        if (room == null) {
            return List.of();
        }
        List<Session> members = List.copyOf(room.sessions());
        for (Session s : members) {
            leaveRoom(s);
        }
        return members;
    }

    public RoomLocal room(String roomId) {
        return rooms.get(roomId);
    }

    public Collection<RoomLocal> rooms() {
        return rooms.values();
    }

    /** The sockets of one user in a room (a user may have several tabs). */
    public List<Session> userInRoom(String roomId, String userId) {
        RoomLocal room = rooms.get(roomId);
        if (room == null) {
            return List.of();
        }
        return room.sessions().stream().filter(s -> userId.equals(s.userId())).toList();
    }
}
