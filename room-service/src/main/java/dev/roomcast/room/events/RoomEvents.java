package dev.roomcast.room.events;

import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Publishes {@link RoomEvent}s to {@code roomcast.room.events}, keyed by room id (so per-room order holds). */
@ApplicationScoped
public class RoomEvents {
    private static final Logger LOG = Logger.getLogger(RoomEvents.class);

    private final Emitter<Record<String, String>> emitter;

    public RoomEvents(@Channel("room-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                      Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    public void toRoom(String roomId, ServerMessage message) {
        publish(RoomEvent.toRoom(roomId, message));
    }

    public void toUser(String roomId, String userId, ServerMessage message) {
        publish(RoomEvent.toUser(roomId, userId, message));
    }

    private void publish(RoomEvent event) {
        emitter.send(Record.of(event.roomId(), BusJson.encode(event))).whenComplete((ok, err) -> {
            if (err != null) {
                LOG.warnf("could not publish %s for room %s: %s", event.message().type(), event.roomId(), err.getMessage());
            }
        });
    }
}
