package dev.roomcast.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's real Kafka broker and redis-server:
 * {@code @QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)}.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        return Map.of(
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUri(),
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped at JVM exit
    }
}
