package dev.roomcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("service-env.json")
class ServiceEnvTest {

    private static final ServiceEnv CONTRACT = ServiceEnv.load();
    private static final Pattern PROPERTY_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{PORT:(\\d+)}");

    static Stream<String> services() {
        return CONTRACT.services().keySet().stream();
    }

    @Test
    @DisplayName("covers the four services")
    void coversServices() {
        assertEquals(Set.of("gateway", "room-service", "chat-service", "relay-service"), CONTRACT.services().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    @DisplayName("lists only variables the service really reads (application.properties outside %test/%dev, or System.getenv)")
    void namesAreRead(String service) {
        Set<String> read = namesRead(service);
        List<String> unread = new ArrayList<>();
        for (String name : CONTRACT.service(service).env()) {
            if (!read.contains(name)) {
                unread.add(name);
            }
        }
        assertEquals(List.of(), unread, service + " reads only " + read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    @DisplayName("gives the port the service listens on by default")
    void portMatches(String service) {
        Matcher m = HTTP_PORT.matcher(read(properties(service)));
        assertTrue(m.find(), service + " sets quarkus.http.port=${PORT:...}");
        assertEquals(CONTRACT.service(service).port(), Integer.parseInt(m.group(1)));
    }

    /** Every upper-case variable the service's config or code reads. */
    static Set<String> namesRead(String service) {
        Set<String> names = new TreeSet<>();
        for (String line : read(properties(service)).split("\n")) {
            if (line.startsWith("%test.") || line.startsWith("%dev.") || line.startsWith("#")) {
                continue;
            }
            Matcher m = PROPERTY_REF.matcher(line);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        Path java = Repo.resolve(service + "/src/main/java");
        if (Files.isDirectory(java)) {
            try (Stream<Path> files = Files.walk(java)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = GETENV.matcher(read(file));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static Path properties(String service) {
        return Repo.resolve(service + "/src/main/resources/application.properties");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
