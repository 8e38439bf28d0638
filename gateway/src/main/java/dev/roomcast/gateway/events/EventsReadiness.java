package dev.roomcast.gateway.events;

import dev.roomcast.gateway.socket.UpgradeCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this node reads the room events (so sockets it accepts hear their rooms), and not
 * ready again from the moment it starts draining (SIGTERM): new sockets would be refused anyway,
 * so a load balancer or Kubernetes Service that follows readiness sends reconnecting clients to
 * the other gateways at once instead of letting them bounce off this one.
 */
@Readiness
@ApplicationScoped
public class EventsReadiness implements HealthCheck {
    private final RoomEventsConsumer consumer;
    private final UpgradeCheck upgrades;

    public EventsReadiness(RoomEventsConsumer consumer, UpgradeCheck upgrades) {
        this.consumer = consumer;
        this.upgrades = upgrades;
    }

    @Override
    public HealthCheckResponse call() {
        boolean draining = upgrades.isDraining();
        return HealthCheckResponse.named("room-events").status(consumer.isAssigned() && !draining)
                .withData("draining", draining).build();
    }
}
