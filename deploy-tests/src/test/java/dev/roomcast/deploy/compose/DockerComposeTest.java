package dev.roomcast.deploy.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.roomcast.deploy.Repo;
import dev.roomcast.deploy.ServiceEnv;
import dev.roomcast.deploy.kustomize.Yamls;

@DisplayName("docker-compose.yml")
class DockerComposeTest {

    private static final ServiceEnv CONTRACT = ServiceEnv.load();

    private static Map<String, Object> compose() {
        return Yamls.readOne(Repo.resolve("docker-compose.yml"));
    }

    @Test
    @DisplayName("runs the four services, Kafka and Redis, nothing else")
    void services() {
        assertEquals(List.of(), ComposeChecks.serviceSet(compose(), CONTRACT));
    }

    @Test
    @DisplayName("builds each service from its module's Dockerfile.jvm")
    void builds() {
        assertEquals(List.of(), ComposeChecks.builds(compose(), CONTRACT));
    }

    @Test
    @DisplayName("health-checks every container, the services on /q/health/ready at their port")
    void healthchecks() {
        assertEquals(List.of(), ComposeChecks.healthchecks(compose(), CONTRACT));
    }

    @Test
    @DisplayName("starts a container only once what it depends on is healthy")
    void dependencies() {
        assertEquals(List.of(), ComposeChecks.dependencies(compose()));
    }

    @Test
    @DisplayName("sets only environment variables that each service reads")
    void envNames() {
        assertEquals(List.of(), ComposeChecks.envNames(compose(), CONTRACT));
    }

    @Test
    @DisplayName("points every service address at a compose service, port and dependency that exist")
    void addresses() {
        assertEquals(List.of(), ComposeChecks.addresses(compose(), CONTRACT));
    }

    @Test
    @DisplayName("publishes only the gateway, on 127.0.0.1:8080")
    void published() {
        assertEquals(List.of(), ComposeChecks.gatewayPublished(compose()));
    }

    @Test
    @DisplayName("runs Kafka from the official image as a single KRaft node that advertises kafka:9092")
    void kafka() {
        assertEquals(List.of(), ComposeChecks.kafka(compose()));
    }

    @Test
    @DisplayName("keeps Redis data in an append-only file on a named volume")
    void redis() {
        assertEquals(List.of(), ComposeChecks.redis(compose()));
    }

    record Breakage(String description, Consumer<Map<String, Object>> breakIt,
                    BiFunction<Map<String, Object>, ServiceEnv, List<String>> check) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                new Breakage("a service without healthcheck", c -> service(c, "chat-service").remove("healthcheck"),
                        ComposeChecks::healthchecks),
                new Breakage("a healthcheck on liveness instead of readiness",
                        c -> service(c, "relay-service").put("healthcheck", Map.of("test", List.of("CMD", "curl", "-f", "http://localhost:8083/q/health/live"))),
                        ComposeChecks::healthchecks),
                new Breakage("depends_on without a health condition",
                        c -> service(c, "gateway").put("depends_on", List.of("kafka", "room-service")), (c, e) -> ComposeChecks.dependencies(c)),
                new Breakage("an env var the service does not read",
                        c -> env(c, "relay-service").put("MAX_USERS_PER_ROOM", "10"), ComposeChecks::envNames),
                new Breakage("a service URL on the wrong port",
                        c -> env(c, "gateway").put("CHAT_SERVICE_URL", "http://chat-service:8081"), ComposeChecks::addresses),
                new Breakage("a dependency used but not waited for",
                        c -> Yamls.asMap(service(c, "chat-service").get("depends_on")).remove("redis"), ComposeChecks::addresses),
                new Breakage("Redis without persistence",
                        c -> service(c, "redis").put("command", List.of("redis-server", "--appendonly", "no")), (c, e) -> ComposeChecks.redis(c)),
                new Breakage("a service published on every interface",
                        c -> service(c, "gateway").put("ports", List.of("8080:8080")), (c, e) -> ComposeChecks.gatewayPublished(c)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    @DisplayName("is refused when broken:")
    void brokenIsCaught(Breakage breakage) {
        Map<String, Object> compose = compose();
        assertEquals(List.of(), breakage.check().apply(compose, CONTRACT), "intact file passes");
        breakage.breakIt().accept(compose);
        assertFalse(breakage.check().apply(compose, CONTRACT).isEmpty());
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return ComposeChecks.service(compose, name);
    }

    private static Map<String, Object> env(Map<String, Object> compose, String name) {
        Map<String, Object> env = new LinkedHashMap<>(Yamls.asMap(service(compose, name).get("environment")));
        service(compose, name).put("environment", env);
        return env;
    }
}
