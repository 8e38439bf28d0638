package dev.roomcast.chat.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the ingest consumer runs and its records go through (Kafka and Redis have their own checks). */
@Readiness
@ApplicationScoped
public class ChatIngestHealth implements HealthCheck {
    private final ChatIngestConsumer consumer;

    public ChatIngestHealth(ChatIngestConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-ingest").status(consumer.healthy()).build();
    }
}
