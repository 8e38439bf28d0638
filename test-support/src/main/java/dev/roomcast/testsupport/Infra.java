package dev.roomcast.testsupport;

import dev.roomcast.kafkalocal.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Kafka broker and redis-server of this test JVM: started on first use, shared by every
 * test class in the JVM, stopped when the JVM exits.
 */
public final class Infra {
    private static Infra instance;

    private final Path dir;
    private final RedisServer redis;
    private volatile LocalKafka kafka;
    private final int kafkaPort;

    private Infra() {
        try {
            dir = Files.createTempDirectory("roomcast-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis = RedisServer.start(dir.resolve("redis"), true);
        kafka = LocalKafka.start(dir.resolve("kafka"), "127.0.0.1", 0);
        kafkaPort = kafka.port();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "infra-shutdown"));
    }

    public static synchronized Infra get() {
        if (instance == null) {
            instance = new Infra();
        }
        return instance;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String redisUri() {
        return redis.uri();
    }

    public RedisServer redis() {
        return redis;
    }

    /** Stops the broker and starts it again on the same port with the same data. */
    public synchronized void restartKafka() {
        kafka.close();
        kafka = LocalKafka.start(dir.resolve("kafka"), "127.0.0.1", kafkaPort);
    }

    private void shutdown() {
        try {
            kafka.close();
        } catch (RuntimeException ignored) {
            // the JVM is going away
        }
        redis.close();
    }
}
