package dev.roomcast.room.expiry;

import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.RoomStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Stops broadcasts whose host left and did not come back within HOST_GRACE_PERIOD. */
@ApplicationScoped
public class HostGraceSweeper {
    private static final Logger LOG = Logger.getLogger(HostGraceSweeper.class);
    private static final int BATCH = 100;

    private final RoomStore store;
    private final RoomService rooms;

    public HostGraceSweeper(RoomStore store, RoomService rooms) {
        this.store = store;
        this.rooms = rooms;
    }

    // delayed like the other sweepers: a sweep at the very start raced Quarkus's own creation of
    // the Redis client (ConcurrentModificationException in RedisClientRecorder, failed boot in CI)
    @Scheduled(every = "${roomcast.room.host-grace-check-interval:5s}",
            delayed = "${roomcast.room.host-grace-check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            for (String roomId : store.hostGraceOver(System.currentTimeMillis(), BATCH)) {
                rooms.hostLost(roomId);
            }
        } catch (RuntimeException e) {
            LOG.warnf("host grace sweep failed: %s", e.toString());
        }
    }
}
