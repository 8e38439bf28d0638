package dev.roomcast.room.events;

import dev.roomcast.protocol.message.ListenerHealth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The median play-out buffer of each room's listeners, from the {@code listeners:health} reports
 * every gateway sends the room's host (each names up to 200 of its listeners, the least healthy
 * first). A listener counts while a report named it in the last {@link #FRESH_MS}. Pure: the
 * caller passes the time. Not thread-safe (one consumer thread).
 */
final class BufferLevels {
    static final long FRESH_MS = 10_000;
    /** Listeners remembered per room; a report past it is still read, the oldest entries go. */
    static final int MAX_PER_ROOM = 4_096;

    private record Seen(int bufferMs, long atMs) {}

    private final Map<String, Map<String, Seen>> rooms = new HashMap<>();

    /**
     * Takes one gateway's report for a room.
     *
     * @return the room's median buffer now in ms, or -1 if no listener of it has reported
     */
    int report(String roomId, List<ListenerHealth> listeners, long nowMs) {
        Map<String, Seen> room = rooms.computeIfAbsent(roomId, k -> new HashMap<>());
        for (ListenerHealth h : listeners) {
            if (h != null && h.userId() != null && h.updatedAt() > 0) {
                room.put(h.userId(), new Seen(h.bufferMs(), nowMs));
            }
        }
        for (Iterator<Seen> it = room.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().atMs() > FRESH_MS) {
                it.remove();
            }
        }
        if (room.size() > MAX_PER_ROOM) {
            room.entrySet().stream().sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(a.atMs(), b.atMs())))
                    .limit(room.size() - MAX_PER_ROOM).map(Map.Entry::getKey).toList().forEach(room::remove);
        }
        if (room.isEmpty()) {
            rooms.remove(roomId);
            return -1;
        }
        int[] v = room.values().stream().mapToInt(Seen::bufferMs).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Forgets rooms no report named for {@link #FRESH_MS}. */
    void sweep(long nowMs) {
        rooms.values().forEach(room -> room.values().removeIf(s -> nowMs - s.atMs() > FRESH_MS));
        rooms.values().removeIf(Map::isEmpty);
    }
}
