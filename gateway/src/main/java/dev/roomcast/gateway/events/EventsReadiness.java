package dev.roomcast.gateway.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this node reads the room events (so sockets it accepts hear their rooms). */
@Readiness
@ApplicationScoped
public class EventsReadiness implements HealthCheck {
    private final RoomEventsConsumer consumer;

    public EventsReadiness(RoomEventsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("room-events").status(consumer.isAssigned()).build();
    }
}
