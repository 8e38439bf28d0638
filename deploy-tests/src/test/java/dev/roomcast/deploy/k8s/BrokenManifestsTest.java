package dev.roomcast.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.roomcast.deploy.Repo;

/**
 * The checks of {@link KubernetesManifestsTest} catch real mistakes: each case copies k8s/ to a
 * temporary directory, breaks one file the way a person might, renders the overlay and expects the
 * matching check to fail (and the unbroken copy to pass it).
 */
@DisplayName("A broken manifest")
class BrokenManifestsTest {

    record Breakage(String description, String overlay, String file, String from, String to, Consumer<Manifests> check) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final KubernetesManifestsTest CHECKS = new KubernetesManifestsTest();

    static Stream<Arguments> breakages() {
        return Stream.of(
                new Breakage("readiness probe on the wrong path", "dev", "base/room-service/deployment.yaml",
                        "path: /q/health/ready", "path: /q/health", CHECKS::probes),
                new Breakage("probe on a port the container does not have", "prod", "base/gateway/deployment.yaml",
                        "path: /q/health/live\n              port: http", "path: /q/health/live\n              port: 9000", CHECKS::probes),
                new Breakage("an env var the service does not read", "dev", "base/chat-service/configmap.yaml",
                        "REDIS_URL:", "MAX_USERS_PER_ROOM: \"5\"\n  REDIS_URL:", CHECKS::envNames),
                new Breakage("a misspelt field", "prod", "base/relay-service/deployment.yaml",
                        "readinessProbe:", "readinesProbe:", CHECKS::parseStrictly),
                new Breakage("an HPA aimed at a missing Deployment", "dev", "base/gateway/hpa.yaml",
                        "name: gateway\n  minReplicas", "name: gateway-v2\n  minReplicas", CHECKS::autoscalers),
                new Breakage("more relay replicas than ingest partitions", "prod", "overlays/prod/patches/relay-service-hpa.yaml",
                        "maxReplicas: 12", "maxReplicas: 40", CHECKS::autoscalers),
                new Breakage("a Service selecting no pods", "dev", "base/chat-service/service.yaml",
                        "selector:\n    app.kubernetes.io/name: chat-service", "selector:\n    app.kubernetes.io/name: chat", CHECKS::selectors),
                new Breakage("/ws routed away from the gateway", "prod", "base/ingress.yaml",
                        "path: /ws\n            pathType: Prefix\n            backend:\n              service:\n                name: gateway",
                        "path: /ws\n            pathType: Prefix\n            backend:\n              service:\n                name: room-service",
                        CHECKS::ingress),
                new Breakage("a container without a memory limit", "dev", "base/redis/statefulset.yaml",
                        "limits:\n              cpu: \"1\"\n              memory: 512Mi", "limits:\n              cpu: \"1\"",
                        CHECKS::resources),
                new Breakage("memory request above the limit", "dev", "overlays/dev/patches/room-service-deployment.yaml",
                        "memory: 256Mi", "memory: 4Gi", CHECKS::resources),
                new Breakage("a service URL with the wrong port", "dev", "base/gateway/configmap.yaml",
                        "http://room-service:8081", "http://room-service:9999", CHECKS::configUrlsResolve),
                new Breakage("Kafka bootstrap naming no Strimzi cluster", "prod", "base/relay-service/configmap.yaml",
                        "roomcast-kafka-bootstrap:9092", "kafka:9092", CHECKS::configUrlsResolve),
                new Breakage("Kafka without KRaft", "dev", "base/kafka/kafka.yaml",
                        "strimzi.io/kraft: enabled", "strimzi.io/kraft: disabled", CHECKS::kafka),
                new Breakage("replication above the broker count", "dev", "base/kafka/kafka.yaml",
                        "default.replication.factor: 1", "default.replication.factor: 3", CHECKS::kafka),
                new Breakage("room topics replicated more than the dev broker count", "dev", "base/room-service/configmap.yaml",
                        "ROOM_TOPIC_REPLICATION: \"1\"", "ROOM_TOPIC_REPLICATION: \"3\"", CHECKS::kafka),
                new Breakage("Redis without its append-only file", "prod", "base/redis/statefulset.yaml",
                        "\"--appendonly\", \"yes\"", "\"--appendonly\", \"no\"", CHECKS::redis),
                new Breakage("a preStop pause as long as the grace period", "dev", "base/gateway/deployment.yaml",
                        "sleep 15", "sleep 60", CHECKS::gatewayDrains),
                new Breakage("a Service on another port than the service's", "dev", "base/room-service/service.yaml",
                        "port: 8081", "port: 80", CHECKS::oneSetPerService))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    @DisplayName("fails the check that guards it")
    void caught(Breakage breakage, @TempDir Path tmp) {
        Path k8s = copyK8s(tmp);
        Manifests intact = Manifests.render(breakage.overlay(), k8s.resolve("overlays/" + breakage.overlay()));
        assertDoesNotThrow(() -> breakage.check().accept(intact), "the intact manifests pass");
        Path file = k8s.resolve(breakage.file());
        String text = read(file);
        if (!text.contains(breakage.from())) {
            throw new IllegalStateException(breakage.file() + " no longer contains the text this case breaks: " + breakage.from());
        }
        write(file, text.replace(breakage.from(), breakage.to()));
        Manifests broken = Manifests.render(breakage.overlay(), k8s.resolve("overlays/" + breakage.overlay()));
        assertThrows(AssertionError.class, () -> breakage.check().accept(broken));
    }

    @Test
    @DisplayName("that uses a kustomize feature the renderer does not implement is refused, not skipped")
    void unsupportedKustomizeFeature(@TempDir Path tmp) {
        Path k8s = copyK8s(tmp);
        Path kustomization = k8s.resolve("overlays/dev/kustomization.yaml");
        write(kustomization, read(kustomization) + "commonAnnotations:\n  team: audio\n");
        assertThrows(IllegalArgumentException.class, () -> Manifests.render("dev", k8s.resolve("overlays/dev")));
    }

    private static Path copyK8s(Path tmp) {
        Path source = Repo.resolve("k8s");
        Path target = tmp.resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
