package dev.roomcast.systemtests.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A supply of sockets in one state (fresh, guest of a room, host of a live room, ...) for
 * sequential test cases. The gateway rate-limits the errors it sends (burst 10, then 5 a second)
 * and audio frames (60 a second), so a socket serves a few cases and then a new one takes over.
 * Old sockets stay open until {@link #close()} (closing a host socket would mark the host away).
 */
final class Lane implements AutoCloseable {
    static final int CASES_PER_SOCKET = 8;

    private final Supplier<Probe> open;
    private final List<Probe> all = new ArrayList<>();
    private Probe current;
    private int used;

    Lane(Supplier<Probe> open) {
        this.open = open;
    }

    /** A socket in this lane's state with error budget left for one more case. */
    synchronized Probe next() {
        if (current == null || !current.isOpen() || used >= CASES_PER_SOCKET) {
            current = open.get();
            all.add(current);
            used = 0;
        }
        used++;
        return current;
    }

    synchronized List<Probe> all() {
        return List.copyOf(all);
    }

    @Override
    public synchronized void close() {
        all.forEach(Probe::close);
    }
}
