package dev.roomcast.room.expiry;

import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.lifecycle.RoomMetrics;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.RoomStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Closes rooms that are empty, not live, and idle for ROOM_INACTIVITY_TIMEOUT. */
@ApplicationScoped
public class InactivitySweeper {
    private static final Logger LOG = Logger.getLogger(InactivitySweeper.class);
    private static final int BATCH = 100;

    private final RoomStore store;
    private final RoomService rooms;
    private final RoomConfig config;
    private final RoomMetrics metrics;

    public InactivitySweeper(RoomStore store, RoomService rooms, RoomConfig config, RoomMetrics metrics) {
        this.store = store;
        this.rooms = rooms;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${roomcast.room.sweep-interval:30s}", delayed = "${roomcast.room.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            long cutoff = System.currentTimeMillis() - config.inactivityTimeout().toMillis();
            for (String roomId : store.idleSince(cutoff, BATCH)) {
                rooms.closeIfIdle(roomId, cutoff);
            }
            metrics.openRooms(store.roomCount());
        } catch (RuntimeException e) {
            LOG.warnf("inactivity sweep failed: %s", e.toString());
        }
    }
}
