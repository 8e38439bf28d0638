package dev.roomcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.roomcast.deploy.kustomize.Yamls;

@DisplayName("Each service's Dockerfile.jvm")
class DockerfileTest {

    private static final ServiceEnv CONTRACT = ServiceEnv.load();

    /** Base images we accept, with the programs a healthcheck may call in them. */
    private static final Map<String, Set<String>> BASES = Map.of(
            "registry.access.redhat.com/ubi9/openjdk-17-runtime", Set.of("curl", "sh", "bash"),
            "eclipse-temurin", Set.of("sh", "bash"));

    static Stream<String> services() {
        return CONTRACT.services().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    @DisplayName("runs the fast-jar as a non-root user on 0.0.0.0, exposes the service port, and has what its compose healthcheck calls")
    void dockerfile(String service) throws IOException {
        List<String> lines = Files.readAllLines(Repo.resolve(service + "/src/main/docker/Dockerfile.jvm")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String from = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow().substring(5).strip();
        String image = from.split(":")[0];
        Set<String> tools = BASES.entrySet().stream().filter(e -> image.equals(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        assertNotNull(tools, service + ": base image " + from + " is none of " + BASES.keySet());
        assertTrue(from.contains(":17") || from.contains("openjdk-17"), service + " runs on Java 17: " + from);

        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root").substring(5).strip();
        assertTrue(!user.equals("root") && !user.equals("0"), service + " must not run as root");
        assertTrue(lines.contains("ENV HOST=0.0.0.0"), service + " binds 0.0.0.0 in the container");
        assertTrue(lines.contains("EXPOSE " + CONTRACT.service(service).port()), service + " exposes its port");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY") && l.contains("target/quarkus-app/lib/")), "copies the fast-jar");

        Map<String, Object> compose = Yamls.readOne(Repo.resolve("docker-compose.yml"));
        Object test = Yamls.asMap(Yamls.asMap(Yamls.asMap(compose.get("services")).get(service)).get("healthcheck")).get("test");
        List<String> argv = new ArrayList<>(Yamls.asList(test).stream().map(String::valueOf).toList());
        String program = argv.get(0).equals("CMD") ? argv.get(1) : "sh";
        assertTrue(tools.contains(program), service + " healthcheck calls " + program + ", which " + image + " lacks");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("ENTRYPOINT") || l.startsWith("CMD")).count(), "one entrypoint");
    }
}
