package dev.roomcast.room.events;

import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage.BroadcastStats;
import dev.roomcast.room.lifecycle.RoomService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps each room's latest {@code broadcast:stats} (from relay-service) for GET /rooms/{id}/stats. */
@ApplicationScoped
public class StatsListener {
    private static final Logger LOG = Logger.getLogger(StatsListener.class);
    private static final String MARKER = "\"broadcast:stats\"";

    private final RoomService rooms;

    public StatsListener(RoomService rooms) {
        this.rooms = rooms;
    }

    @Incoming("room-events-in")
    @Blocking
    public void onEvent(String json) {
        if (json == null || !json.contains(MARKER)) {
            return;
        }
        try {
            RoomEvent event = BusJson.decode(json, RoomEvent.class);
            if (event.message() instanceof BroadcastStats stats && event.toUserId() == null) {
                rooms.recordStats(stats);
            }
        } catch (RuntimeException e) {
            LOG.debugf("ignored an event: %s", e.getMessage());
        }
    }
}
