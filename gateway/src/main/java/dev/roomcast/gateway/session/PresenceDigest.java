package dev.roomcast.gateway.session;

import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presence changes of one big room since its last {@code participants:update}: up to
 * {@link #ITEMS} arrivals and {@link #ITEMS} departures by name, the rest counted in {@code more}.
 * A join and a leave of the same user within one interval cancel out. Thread-safe.
 */
public final class PresenceDigest {
    /** Most arrivals (and most departures) one update names. */
    public static final int ITEMS = 20;

    private final Map<String, Participant> joined = new LinkedHashMap<>();
    private final Map<String, ServerMessage.Departed> left = new LinkedHashMap<>();
    private int more;
    private boolean dirty;

    public synchronized void joined(Participant p) {
        dirty = true;
        if (left.remove(p.userId()) != null) {
            return;
        }
        if (joined.size() < ITEMS || joined.containsKey(p.userId())) {
            joined.put(p.userId(), p);
        } else {
            more++;
        }
    }

    public synchronized void left(String userId, String username) {
        dirty = true;
        if (joined.remove(userId) != null) {
            return;
        }
        if (left.size() < ITEMS || left.containsKey(userId)) {
            left.put(userId, new ServerMessage.Departed(userId, username));
        } else {
            more++;
        }
    }

    /** The update to send (and a fresh start), or null if nothing changed since the last one. */
    public synchronized ServerMessage.ParticipantsUpdate drain(String roomId, int participantCount) {
        if (!dirty) {
            return null;
        }
        ServerMessage.ParticipantsUpdate u = new ServerMessage.ParticipantsUpdate(roomId, participantCount,
                new ArrayList<>(joined.values()), new ArrayList<>(left.values()), more);
        joined.clear();
        left.clear();
        more = 0;
        dirty = false;
        return u;
    }
}
