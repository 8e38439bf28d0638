package dev.roomcast.systemtests;

import dev.roomcast.testsupport.Infra;
import dev.roomcast.testsupport.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system of this test JVM as real processes, started once on first use and stopped at exit:
 * Kafka + redis-server ({@link Infra}), room-, chat- and relay-service, and two gateways (A and B)
 * that share them. Every process logs to {@code target/service-logs/<name>/}.
 *
 * <p>Test settings (all through the services' own env names): rooms hold at most 100 listeners (the
 * default); a gateway silent for 15 s loses its members (room-service GATEWAY_TIMEOUT, default 30 s;
 * gateways beat every 3 s instead of 10 s so a busy CI box never misses the window); the per-IP
 * connection and room-creation limits of the gateways are raised, since every test client comes
 * from 127.0.0.1.
 */
public final class LiveStack {
    public static final int MAX_USERS = 100;
    public static final int GATEWAY_TIMEOUT_S = 15;

    private static LiveStack instance;
    private static RuntimeException failure;

    private final ServiceProcess room;
    private final ServiceProcess chat;
    private final ServiceProcess relay;
    private final ServiceProcess gatewayA;
    private final ServiceProcess gatewayB;
    private final List<ServiceProcess> extra = new ArrayList<>();

    private LiveStack() {
        long t0 = System.nanoTime();
        clearOldLogs();
        Infra infra = Infra.get();
        Map<String, String> backend = new HashMap<>();
        backend.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        backend.put("REDIS_URL", infra.redisUri());

        Map<String, String> roomEnv = new HashMap<>(backend);
        roomEnv.put("MAX_USERS_PER_ROOM", String.valueOf(MAX_USERS));
        roomEnv.put("GATEWAY_TIMEOUT", GATEWAY_TIMEOUT_S + "s");
        roomEnv.put("GATEWAY_REAP_INTERVAL", "2s");
        Map<String, String> relayEnv = new HashMap<>(backend);
        relayEnv.put("RELAY_WARMUP_SECONDS", "10");

        CompletableFuture<ServiceProcess> r = CompletableFuture.supplyAsync(() -> start("room-service", roomEnv, "room-service"));
        CompletableFuture<ServiceProcess> c = CompletableFuture.supplyAsync(() -> start("chat-service", backend, "chat-service"));
        CompletableFuture<ServiceProcess> l = CompletableFuture.supplyAsync(() -> start("relay-service", relayEnv, "relay-service"));
        room = startedOrStopAll(r, c, l);
        chat = c.join();
        relay = l.join();
        CompletableFuture<ServiceProcess> a = CompletableFuture.supplyAsync(() -> startGateway("gw-a"));
        CompletableFuture<ServiceProcess> b = CompletableFuture.supplyAsync(() -> startGateway("gw-b"));
        gatewayA = startedOrStopAll(a, b, r, c, l);
        gatewayB = b.join();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "live-stack-shutdown"));
        System.out.printf("LiveStack up in %d ms: room %s, chat %s, relay %s, gateway A %s, gateway B %s; logs in %s%n",
                (System.nanoTime() - t0) / 1_000_000, room.baseUrl(), chat.baseUrl(), relay.baseUrl(),
                gatewayA.baseUrl(), gatewayB.baseUrl(), logRoot());
    }

    public static synchronized LiveStack get() {
        if (failure != null) {
            // one attempt per JVM: a retry would clear the logs that explain the failure
            throw new IllegalStateException("the live stack failed to start earlier in this JVM", failure);
        }
        if (instance == null) {
            try {
                instance = new LiveStack();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    /**
     * The first future's process once all have settled; if any failed, stops every one that did
     * start (nothing half-started stays behind to confuse the next test) and rethrows.
     */
    @SafeVarargs
    private static ServiceProcess startedOrStopAll(CompletableFuture<ServiceProcess> first,
            CompletableFuture<ServiceProcess>... others) {
        List<CompletableFuture<ServiceProcess>> all = new ArrayList<>(List.of(others));
        all.add(0, first);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return first.join();
        } catch (java.util.concurrent.CompletionException e) {
            for (CompletableFuture<ServiceProcess> f : all) {
                if (!f.isCompletedExceptionally()) {
                    f.join().stop();
                }
            }
            throw e;
        }
    }

    public ServiceProcess gatewayA() {
        return gatewayA;
    }

    public ServiceProcess gatewayB() {
        return gatewayB;
    }

    public ServiceProcess roomService() {
        return room;
    }

    public ServiceProcess chatService() {
        return chat;
    }

    public ServiceProcess relayService() {
        return relay;
    }

    /** One more gateway on the same back end (stopped at exit unless the test kills it first). */
    public synchronized ServiceProcess startGateway(String gatewayId) {
        return startGateway(gatewayId, Map.of());
    }

    /** One more gateway with some of its env replaced (a limit, ALLOWED_ORIGINS, ...). */
    public synchronized ServiceProcess startGateway(String gatewayId, Map<String, String> overrides) {
        Map<String, String> env = gatewayEnv(gatewayId);
        env.putAll(overrides);
        ServiceProcess g = start("gateway", env, gatewayId);
        if (instance != null) {
            extra.add(g);
        }
        return g;
    }

    /**
     * One more gateway with some of its env replaced, ready when {@code probe} gets a 200 from
     * {@code readyUrl} (an HTTPS gateway whose plain HTTP port only redirects).
     */
    public synchronized ServiceProcess startGateway(String gatewayId, Map<String, String> overrides,
            java.net.http.HttpClient probe, URI readyUrl) {
        Map<String, String> env = gatewayEnv(gatewayId);
        env.putAll(overrides);
        ServiceProcess g = ServiceProcess.start("gateway", env, logRoot().resolve(gatewayId), probe, readyUrl);
        if (instance != null) {
            extra.add(g);
        }
        return g;
    }

    public static URI ws(ServiceProcess gateway) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws");
    }

    private Map<String, String> gatewayEnv(String gatewayId) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", Infra.get().kafkaBootstrap());
        env.put("ROOM_SERVICE_URL", room.baseUrl());
        env.put("CHAT_SERVICE_URL", chat.baseUrl());
        env.put("GATEWAY_ID", gatewayId);
        env.put("MAX_CONNECTIONS_PER_IP", "1000");
        env.put("ROOMCAST_GATEWAY_ROOM_CREATES_PER_MINUTE", "600");
        env.put("ROOMCAST_GATEWAY_HEARTBEAT_INTERVAL", "3s");
        return env;
    }

    private static ServiceProcess start(String module, Map<String, String> env, String name) {
        return ServiceProcess.start(module, env, logRoot().resolve(name));
    }

    public static Path target() {
        String t = System.getProperty("roomcast.systemtests.target");
        Path p = t != null ? Path.of(t) : ServiceProcess.repoRoot().resolve("system-tests").resolve("target");
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    static Path logRoot() {
        return target().resolve("service-logs");
    }

    /** ServiceProcess appends to its log: start each run with empty ones. */
    private static void clearOldLogs() {
        Path root = logRoot();
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void stopAll() {
        List<ServiceProcess> all = new ArrayList<>(extra);
        all.addAll(List.of(gatewayA, gatewayB, relay, chat, room));
        all.parallelStream().forEach(ServiceProcess::stop);
    }
}
