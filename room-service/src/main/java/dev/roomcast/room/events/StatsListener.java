package dev.roomcast.room.events;

import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage.BroadcastStats;
import dev.roomcast.protocol.message.ServerMessage.ListenersHealth;
import dev.roomcast.room.lifecycle.RoomService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps what GET /rooms/{id}/stats shows: each room's latest {@code broadcast:stats} from
 * relay-service (bitrate, latency) and the median buffer of its listeners from the
 * {@code listeners:health} reports of every gateway. All of a room's events are on one partition,
 * so one replica of this group sees them all.
 */
@ApplicationScoped
public class StatsListener {
    private static final Logger LOG = Logger.getLogger(StatsListener.class);
    private static final String STATS = "\"broadcast:stats\"";
    private static final String HEALTH = "\"listeners:health\"";

    private final RoomService rooms;
    private final BufferLevels buffers = new BufferLevels();
    private long lastSweepMs;

    public StatsListener(RoomService rooms) {
        this.rooms = rooms;
    }

    @Incoming("room-events-in")
    @Blocking
    public void onEvent(String json) {
        if (json == null || !(json.contains(STATS) || json.contains(HEALTH))) {
            return;
        }
        try {
            RoomEvent event = BusJson.decode(json, RoomEvent.class);
            if (event.message() instanceof BroadcastStats stats && event.toUserId() == null) {
                rooms.recordStats(stats);
            } else if (event.message() instanceof ListenersHealth health) {
                long now = System.currentTimeMillis();
                rooms.recordBufferLevel(event.roomId(), buffers.report(event.roomId(), health.listeners(), now));
                if (now - lastSweepMs > BufferLevels.FRESH_MS) {
                    buffers.sweep(now);
                    lastSweepMs = now;
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("ignored an event: %s", e.getMessage());
        }
    }
}
