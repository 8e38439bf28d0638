package dev.roomcast.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For gateway {@code @QuarkusTest}s: real Kafka and redis-server plus real room-service and
 * chat-service processes, wired to the gateway under test.
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        ServiceProcess rooms = Stack.service("room-service");
        ServiceProcess chat = Stack.service("chat-service");
        return Map.of(
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUri(),
                "quarkus.devservices.enabled", "false",
                "quarkus.rest-client.room-service.url", rooms.baseUrl(),
                "quarkus.rest-client.chat-service.url", chat.baseUrl());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped at JVM exit
    }
}
