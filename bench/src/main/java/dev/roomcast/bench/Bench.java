package dev.roomcast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./run bench [name...]}: kafka, transcode, fanout, join, memory, sync (default:
 * all, in that order; sync needs Chromium and sox). Starts what each benchmark needs as real processes on 127.0.0.1 and stops them
 * at the end; every loop is bounded.
 */
public final class Bench {
    private static final List<Proc> PROCS = Collections.synchronizedList(new ArrayList<>());
    private static Path root;

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAll, "bench-stop"));
        List<String> names = args.length == 0 ? List.of("kafka", "transcode", "fanout", "join", "memory", "sync") : List.of(args);
        for (String n : names) {
            long t0 = System.nanoTime();
            System.out.println("[bench] ==== " + n + " ====");
            switch (n) {
                case "kafka" -> KafkaHopBench.run(false);
                case "transcode" -> KafkaHopBench.run(true);
                case "fanout" -> FanoutBench.run();
                case "join" -> JoinBench.run();
                case "memory" -> MemoryBench.run();
                case "sync" -> SyncBench.run();
                case "reactions" -> ReactionsBench.run();
                case "idle" -> IdleBench.run();
                case "rooms" -> RoomsBench.run();
                default -> throw new IllegalArgumentException("unknown benchmark " + n + " (kafka, transcode, fanout, join, memory, sync, reactions)");
            }
            stopAll();
            System.out.printf("[bench] %s done in %d s%n", n, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        System.exit(0);
    }

    static Path root() {
        if (root == null) {
            Path dir = Path.of(System.getProperty("bench.root", "")).toAbsolutePath();
            while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("repository root not found");
            }
            root = dir;
        }
        return root;
    }

    static Path work() {
        return root().resolve("bench/.work");
    }

    static Path logs() {
        return work().resolve("logs");
    }

    static void register(Proc p) {
        PROCS.add(p);
    }

    /** Every child process started so far, in start order. */
    static List<Proc> procs() {
        synchronized (PROCS) {
            return new ArrayList<>(PROCS);
        }
    }

    static void stopAll() {
        List<Proc> ps;
        synchronized (PROCS) {
            ps = new ArrayList<>(PROCS);
            PROCS.clear();
        }
        Collections.reverse(ps);
        for (Proc p : ps) {
            p.close();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Wall clock µs, like the services' ServerClock. */
    static long nowUs() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    static int intProp(String name, int def) {
        return Integer.getInteger(name, def);
    }

    // ---- the stack ----

    /** A fresh broker (kafka-local jar) in its own directory. Returns its bootstrap address. */
    static String startKafka() throws Exception {
        int port = Proc.freePort();
        Path dir = work().resolve("kafka-" + port);
        Path jar = root().resolve("kafka-local/target/kafka-local-0.1.0-SNAPSHOT.jar");
        Proc k = Proc.start("kafka", List.of(Proc.javaBin(), "-Xms128m", "-Xmx512m", "-jar", jar.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--dir", dir.toString()), Map.of(), port, logs());
        k.awaitLogLine("READY", java.time.Duration.ofSeconds(120));
        return "127.0.0.1:" + port;
    }

    static String startRedis() {
        int port = Proc.freePort();
        Proc r = Proc.start("redis", List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no"), Map.of(), port, logs());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return "redis://127.0.0.1:" + port;
            } catch (java.io.IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start; see " + r.log);
    }

    /** relay-service's RELAY_TIERS_ON_DEMAND ({@code bench.relay.tiersOnDemand}, default true as in production). */
    static boolean relayTiersOnDemand() {
        return Boolean.parseBoolean(System.getProperty("bench.relay.tiersOnDemand", "true"));
    }

    /** relay-service's RELAY_PRODUCER_LINGER_MS ({@code bench.relay.lingerMs}, default 0 as in production). */
    static int relayLingerMs() {
        return Integer.getInteger("bench.relay.lingerMs", 0);
    }

    static String javaOpts() {
        return System.getProperty("bench.javaOpts", "-Xms64m -Xmx384m -XX:+UseSerialGC");
    }

    /** Kafka, Redis, room-service, chat-service and a gateway tuned for load tests; relay only if asked. */
    static final class Stack {
        String kafka;
        String redis;
        Proc room;
        Proc chat;
        Proc relay;
        Proc gateway;

        static Stack start(boolean relay, String gatewayOpts) throws Exception {
            Stack s = new Stack();
            s.kafka = startKafka();
            s.redis = startRedis();
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", s.kafka);
            env.put("REDIS_URL", s.redis);
            env.put("MAX_USERS_PER_ROOM", "100000");
            s.room = Proc.service("room-service", env, javaOpts(), logs());
            s.chat = Proc.service("chat-service", env, javaOpts(), logs());
            if (relay) {
                env.put("RELAY_TIERS_ON_DEMAND", String.valueOf(relayTiersOnDemand()));
                env.put("RELAY_PRODUCER_LINGER_MS", String.valueOf(relayLingerMs()));
                s.relay = Proc.service("relay-service", env, javaOpts(), logs());
                env.remove("RELAY_TIERS_ON_DEMAND");
                env.remove("RELAY_PRODUCER_LINGER_MS");
            }
            env.put("ROOM_SERVICE_URL", s.room.baseUrl());
            env.put("CHAT_SERVICE_URL", s.chat.baseUrl());
            env.put("MAX_CONNECTIONS_PER_IP", "100000");
            s.gateway = Proc.service("gateway", env, gatewayOpts, logs());
            return s;
        }
    }
}
