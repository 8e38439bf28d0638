package dev.roomcast.gateway.session;

import dev.roomcast.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presence changes of one big room since its last {@code participants:update}: up to
 * {@link #ITEMS} arrivals and {@link #ITEMS} departures by name, each with its presence version,
 * the rest counted in {@code more}. Per user only the newest change counts (events reach this node
 * out of order; an older one is dropped), and an arrival and departure of the same user within one
 * interval cancel out. Thread-safe.
 */
public final class PresenceDigest {
    /** Most arrivals (and most departures) one update names. */
    public static final int ITEMS = 20;

    private final Map<String, ServerMessage.Arrival> joined = new LinkedHashMap<>();
    private final Map<String, ServerMessage.Departed> left = new LinkedHashMap<>();
    /** Users whose join and leave cancelled out in this interval, with the newer version (drops late older events). */
    private final Map<String, Long> cancelled = new LinkedHashMap<>();
    private int more;
    private boolean dirty;

    public synchronized void joined(ServerMessage.Arrival a) {
        if (!newer(a.userId(), a.presenceVersion())) {
            return;
        }
        dirty = true;
        ServerMessage.Departed before = left.remove(a.userId());
        if (before != null) {
            cancelled.put(a.userId(), a.presenceVersion());
            return;
        }
        if (joined.size() < ITEMS || joined.containsKey(a.userId())) {
            joined.put(a.userId(), a);
        } else {
            more++;
        }
    }

    public synchronized void left(ServerMessage.Departed d) {
        if (!newer(d.userId(), d.presenceVersion())) {
            return;
        }
        dirty = true;
        ServerMessage.Arrival before = joined.remove(d.userId());
        if (before != null) {
            cancelled.put(d.userId(), d.presenceVersion());
            return;
        }
        if (left.size() < ITEMS || left.containsKey(d.userId())) {
            left.put(d.userId(), d);
        } else {
            more++;
        }
    }

    /** Whether a change of this user at this version is newer than what this interval holds of it. */
    private boolean newer(String userId, long version) {
        ServerMessage.Arrival a = joined.get(userId);
        ServerMessage.Departed d = left.get(userId);
        Long c = cancelled.get(userId);
        long held = Math.max(a == null ? -1 : a.presenceVersion(), Math.max(d == null ? -1 : d.presenceVersion(), c == null ? -1 : c));
        return version > held;
    }

    /**
     * The update to send (and a fresh start), or null if nothing changed since the last one.
     * {@code participantCount} is the room's count as of {@code presenceVersion}.
     */
    public synchronized ServerMessage.ParticipantsUpdate drain(String roomId, int participantCount, long presenceVersion) {
        if (!dirty) {
            return null;
        }
        ServerMessage.ParticipantsUpdate u = new ServerMessage.ParticipantsUpdate(roomId, participantCount,
                new ArrayList<>(joined.values()), new ArrayList<>(left.values()), more, presenceVersion);
        joined.clear();
        left.clear();
        cancelled.clear();
        more = 0;
        dirty = false;
        return u;
    }
}
