package dev.roomcast.relay.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the codecs are warm and the ingest consumer runs (Kafka itself: quarkus.kafka.health). */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {
    private final RelayService relay;

    public RelayReadiness(RelayService relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("relay-ingest").status(relay.consuming()).build();
    }
}
