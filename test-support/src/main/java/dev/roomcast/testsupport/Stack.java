package dev.roomcast.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The back end of this test JVM as real processes, started on first use and stopped at exit:
 * the JVM's Kafka and redis-server ({@link Infra}) plus whichever of room-service, chat-service and
 * relay-service a test asks for.
 */
public final class Stack {
    private static final Map<String, ServiceProcess> SERVICES = new LinkedHashMap<>();
    private static Path logs;

    private Stack() {}

    public static synchronized ServiceProcess service(String module) {
        ServiceProcess p = SERVICES.get(module);
        if (p == null) {
            p = ServiceProcess.start(module, env(Map.of()), logDir());
            SERVICES.put(module, p);
            if (SERVICES.size() == 1) {
                Runtime.getRuntime().addShutdownHook(new Thread(Stack::stopAll, "stack-shutdown"));
            }
        }
        return p;
    }

    /** The env every service gets: this JVM's Kafka and Redis, short timeouts for tests, plus extras. */
    public static Map<String, String> env(Map<String, String> extra) {
        Infra infra = Infra.get();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("REDIS_URL", infra.redisUri());
        env.putAll(extra);
        return env;
    }

    public static synchronized Path logDir() {
        if (logs == null) {
            logs = ServiceProcess.repoRoot().resolve("target").resolve("test-stack-logs").resolve(String.valueOf(ProcessHandle.current().pid()));
            try {
                Files.createDirectories(logs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return logs;
    }

    private static synchronized void stopAll() {
        SERVICES.values().forEach(ServiceProcess::stop);
    }
}
