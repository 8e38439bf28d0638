package dev.roomcast.systemtests.faults;

import dev.roomcast.testsupport.Infra;
import dev.roomcast.testsupport.ServiceProcess;
import dev.roomcast.testsupport.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The stack the fault tests break and mend, in their own JVM (failsafe execution {@code faults}),
 * never shared with the other system tests: its own Kafka broker and redis-server ({@link Infra},
 * AOF on), room-service, chat-service, two relay-services (A and B, one consumer group), two
 * gateways (A and B) and a {@link TcpProxy} in front of both gateways, standing in for the one
 * address (Ingress) that all gateways share in production. The proxy sends new connections to
 * gateway A while it is up, else to B.
 *
 * <p>Settings: rooms hold up to {@link #MAX_USERS} (the slow-consumer test puts up to 500
 * sockets in a room); relays leave a dead member's partitions after {@link #RELAY_SESSION_MS}
 * (the broker's minimum); gateways beat every 3 s and lose their members after 15 s of silence.
 */
public final class FaultStack {
    public static final int MAX_USERS = 600;
    public static final int RELAY_SESSION_MS = 6000;
    private static FaultStack instance;

    public final Infra infra;
    public final ServiceProcess room;
    public final ServiceProcess chat;
    public final ServiceProcess relayA;
    public final ServiceProcess relayB;
    public final ServiceProcess gatewayA;
    public final ServiceProcess gatewayB;
    public final TcpProxy proxy;
    private static final List<ServiceProcess> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile TcpProxy startedProxy;

    static {
        // registered before anything starts, so a stack that fails half-way leaves no process behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (startedProxy != null) {
                startedProxy.close();
            }
            all.parallelStream().forEach(ServiceProcess::stop);
        }, "fault-stack-shutdown"));
    }

    private FaultStack() {
        long t0 = System.nanoTime();
        clearOldLogs();
        infra = Infra.get();
        Map<String, String> backend = new HashMap<>();
        backend.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        backend.put("REDIS_URL", infra.redisUri());
        Map<String, String> roomEnv = new HashMap<>(backend);
        roomEnv.put("MAX_USERS_PER_ROOM", String.valueOf(MAX_USERS));
        roomEnv.put("GATEWAY_TIMEOUT", "15s");
        roomEnv.put("GATEWAY_REAP_INTERVAL", "2s");
        Map<String, String> relayEnv = new HashMap<>(backend);
        relayEnv.put("RELAY_WARMUP_SECONDS", "5");
        relayEnv.put("RELAY_SESSION_TIMEOUT_MS", String.valueOf(RELAY_SESSION_MS));
        var r = CompletableFuture.supplyAsync(() -> start("room-service", roomEnv, "room-service"));
        var c = CompletableFuture.supplyAsync(() -> start("chat-service", backend, "chat-service"));
        var la = CompletableFuture.supplyAsync(() -> start("relay-service", relayEnv, "relay-a"));
        var lb = CompletableFuture.supplyAsync(() -> start("relay-service", relayEnv, "relay-b"));
        room = r.join();
        chat = c.join();
        relayA = la.join();
        relayB = lb.join();
        var a = CompletableFuture.supplyAsync(() -> start("gateway", gatewayEnv("gw-a"), "gw-a"));
        var b = CompletableFuture.supplyAsync(() -> start("gateway", gatewayEnv("gw-b"), "gw-b"));
        gatewayA = a.join();
        gatewayB = b.join();
        proxy = TcpProxy.start("/q/health/ready", gatewayA.port(), gatewayB.port());
        startedProxy = proxy;
        System.out.printf("FaultStack up in %d ms: gateway A %s, B %s, proxy %s, kafka %s, redis %s%n",
                (System.nanoTime() - t0) / 1_000_000, gatewayA.baseUrl(), gatewayB.baseUrl(), proxy.baseUrl(),
                infra.kafkaBootstrap(), infra.redisUri());
    }

    public static synchronized FaultStack get() {
        if (instance == null) {
            instance = new FaultStack();
        }
        return instance;
    }

    /** The WebSocket URL every client uses: through the proxy, like the one public address. */
    public URI proxyWs() {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
    }

    public static URI ws(ServiceProcess gateway) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws");
    }

    private Map<String, String> gatewayEnv(String id) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("ROOM_SERVICE_URL", room.baseUrl());
        env.put("CHAT_SERVICE_URL", chat.baseUrl());
        env.put("GATEWAY_ID", id);
        env.put("MAX_CONNECTIONS_PER_IP", "2000");
        env.put("ROOMCAST_GATEWAY_ROOM_CREATES_PER_MINUTE", "600");
        env.put("ROOMCAST_GATEWAY_HEARTBEAT_INTERVAL", "3s");
        return env;
    }

    private static ServiceProcess start(String module, Map<String, String> env, String name) {
        ServiceProcess p = ServiceProcess.start(module, env, logRoot().resolve(name));
        all.add(p);
        return p;
    }

    static Path logRoot() {
        String t = System.getProperty("roomcast.systemtests.target");
        Path p = (t != null ? Path.of(t) : ServiceProcess.repoRoot().resolve("system-tests/target")).resolve("fault-logs");
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** ServiceProcess appends to its log: start each run with empty ones (RelayFailoverIT reads them). */
    private static void clearOldLogs() {
        try (var files = Files.walk(logRoot())) {
            files.filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- health and memory -----------------------------------------------------------------

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** GET a service's path: status code, or -1 when it does not answer. */
    public static int status(ServiceProcess s, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static boolean ready(ServiceProcess s) {
        return status(s, "/q/health/ready") == 200;
    }

    public static long rss(ServiceProcess s) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + s.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
