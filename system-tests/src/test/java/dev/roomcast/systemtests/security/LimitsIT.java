package dev.roomcast.systemtests.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.systemtests.LiveStack;
import dev.roomcast.testsupport.ServiceProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway's limits, each at and past the limit. Per-IP connections and the Origin allow-list
 * run against a gateway of their own (MAX_CONNECTIONS_PER_IP=50, ALLOWED_ORIGINS=https://cdn.example),
 * since LiveStack's gateways raise the per-IP limit for its many local test clients. Frame and
 * message size limits at and past the limit are cases of {@link BadInputIT} ("control message of
 * exactly 16384 chars", "... 16385 chars", "a 64 KiB + 1 text message is refused as too large", "a 1 MiB text message ...",
 * "a frame of exactly 64 KiB ...", "a 64 KiB + 1 binary frame ..."); the room listener limit
 * (100 of 150 concurrent joiners get in) is RoomsAcrossGatewaysIT.listenerLimitHoldsUnderConcurrency.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Limits: message rate, abuse, connections per IP, Origin allow-list — at and past each limit")
class LimitsIT {
    static final int PER_IP = 50;
    static final String CDN = "https://cdn.example";

    static LiveStack stack;
    static CompletableFuture<ServiceProcess> limited;
    static final List<Probe> opened = new ArrayList<>();

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        limited = CompletableFuture.supplyAsync(() -> stack.startGateway("gw-limits",
                Map.of("MAX_CONNECTIONS_PER_IP", String.valueOf(PER_IP), "ALLOWED_ORIGINS", CDN)));
    }

    @AfterAll
    static void down() {
        opened.forEach(Probe::close);
        if (limited != null) {
            limited.thenAccept(ServiceProcess::stop).join();
        }
    }

    static Probe open(URI uri, String name) {
        Probe p = Probe.open(uri, name);
        opened.add(p);
        return p;
    }

    static String ping(int id) {
        return "{\"type\":\"clock:ping\",\"id\":" + id + ",\"t0\":1}";
    }

    @Test
    @Order(1)
    @DisplayName("a burst of 40 control messages (the burst size) is answered in full, and 16 a second after it (under the 20/s rate) are too")
    void atTheMessageRate() {
        Probe p = open(LiveStack.ws(stack.gatewayA()), "burst-40");
        for (int i = 0; i < 40; i++) {
            p.send(ping(i));
        }
        p.await("clock:pong", 0, m -> m.path("id").asInt() == 39);
        assertEquals(40, p.count("clock:pong"));
        assertEquals(0, p.count("error"), "no refusal at the limit: " + p.messages());

        // the bucket is empty now; sending slower than it refills is never refused
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger next = new AtomicInteger(100);
            timer.scheduleAtFixedRate(() -> {
                int id = next.getAndIncrement();
                if (id < 124) {
                    p.trySend(ping(id));
                }
            }, 100, 62, TimeUnit.MILLISECONDS);
            p.await("clock:pong", 0, m -> m.path("id").asInt() == 123);
        } finally {
            timer.shutdownNow();
        }
        assertEquals(64, p.count("clock:pong"));
        assertEquals(0, p.count("error"), "no refusal at a sustained 16/s: " + p.messages());
    }

    @Test
    @Order(2)
    @DisplayName("past the burst, messages are refused with rate_limited, the socket stays open and is answered again a moment later")
    void pastTheMessageRate() {
        Probe p = open(LiveStack.ws(stack.gatewayA()), "burst-100");
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            p.send(ping(i));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        p.await("error", 0, m -> "rate_limited".equals(m.path("code").asText()));
        await("the answers to the burst").atMost(Duration.ofSeconds(10)).until(() -> p.count("clock:pong") >= 40);
        long pongs = p.count("clock:pong");
        assertTrue(pongs >= 40 && pongs <= 40 + Math.ceil(20 * seconds) + 5,
                "40 (burst) + 20/s over " + seconds + " s were answered, the rest refused: " + pongs);
        assertTrue(p.isOpen(), "a burst alone does not close the socket");
        // tokens come back at 20/s
        int from = p.size();
        await("a later ping is answered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            p.send(ping(5000));
            return p.messages().subList(from, p.size()).stream().anyMatch(m -> m.path("id").asInt() == 5000
                    && "clock:pong".equals(m.path("type").asText()));
        });
    }

    @Test
    @Order(3)
    @DisplayName("200 refused messages in a row close the socket with 1008 and the reason")
    void abuseClosesTheSocket() {
        Probe p = open(LiveStack.ws(stack.gatewayB()), "abuser");
        int sent = 0;
        while (p.isOpen() && sent < 2_000 && p.trySend("{not json")) {
            sent++;
        }
        Probe.Close c = p.awaitClose(Duration.ofSeconds(20));
        assertEquals(1008, c.code(), "policy violation: " + c);
        assertTrue(c.reason().startsWith("too many refused messages"), c.toString());
        assertTrue(sent >= 200, "not before 200 refusals: " + sent);
        long errors = p.count("error");
        assertTrue(errors >= 200 && errors <= sent, "every refusal before the close was answered: " + errors + " of " + sent);
    }

    @Test
    @Order(4)
    @DisplayName("one IP gets 50 sockets (MAX_CONNECTIONS_PER_IP), the 51st is closed at once with 1008 too_many_connections, and a freed slot is usable again")
    void connectionsPerIp() {
        ServiceProcess gw = limited.join();
        URI uri = LiveStack.ws(gw);
        List<Probe> mine = new ArrayList<>();
        try {
            for (int i = 0; i < PER_IP; i++) {
                mine.add(Probe.open(uri, "conn-" + i));
            }
            assertTrue(mine.stream().allMatch(Probe::isOpen), "all 50 are open and welcomed");
            assertTooMany(uri, "conn-51");
            // existing sockets are unaffected
            Probe first = mine.get(0);
            int from = first.size();
            first.send(ping(1));
            first.awaitType("clock:pong", from);

            mine.remove(0).close();
            Probe again = await("the freed slot is given to a new socket").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> Probe.open(uri, "conn-again"), p -> p != null);
            mine.add(again);
            assertTooMany(uri, "conn-52");
        } finally {
            mine.forEach(Probe::close);
        }
        // the sockets are released when they close
        await("all slots are free again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    List<Probe> batch = new ArrayList<>();
                    try {
                        for (int i = 0; i < PER_IP; i++) {
                            batch.add(Probe.open(uri, "refill-" + i));
                        }
                        return true;
                    } finally {
                        batch.forEach(Probe::close);
                    }
                });
    }

    @Test
    @Order(5)
    @DisplayName("a socket from an ALLOWED_ORIGINS origin, the page's own origin or no browser is accepted; any other Origin is closed at once with 1008 forbidden_origin")
    void originAllowList() {
        ServiceProcess gw = limited.join();
        URI uri = LiveStack.ws(gw);
        for (String ok : new String[] {CDN, "http://127.0.0.1:" + gw.port(), null}) {
            Probe p = await("Origin " + ok + " is accepted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> Probe.open(uri, "origin-ok", ok), x -> x != null);
            assertTrue(p.isOpen());
            p.close();
        }
        for (String bad : new String[] {"https://evil.example", "https://cdn.example.evil.example", "http://cdn.example",
            "https://cdn.example:8443", "null", "file://", "https://127.0.0.1:" + gw.port() + ".evil.example"}) {
            assertClosedWith(Probe.openRaw(uri, "origin-bad", bad), "forbidden_origin", "Origin " + bad);
        }
        // a gateway without ALLOWED_ORIGINS accepts only its own pages
        assertClosedWith(Probe.openRaw(LiveStack.ws(stack.gatewayA()), "cdn-on-A", CDN), "forbidden_origin", "the CDN on A");
    }

    /** A browser cannot read why an upgrade failed: the socket is accepted and closed at once, 1008 and the reason. */
    static void assertClosedWith(Probe p, String reason, String what) {
        try {
            Probe.Close c = p.awaitClose(Duration.ofSeconds(10));
            assertEquals(1008, c.code(), what + ": " + c);
            assertEquals(reason, c.reason(), what);
            assertEquals(0, p.size(), what + ": no welcome before the close: " + p.messages());
        } finally {
            p.close();
        }
    }

    static void assertTooMany(URI uri, String name) {
        assertClosedWith(Probe.openRaw(uri, name, null), "too_many_connections", name);
    }

    @Test
    @Order(6)
    @DisplayName("the REST API gives CORS access to ALLOWED_ORIGINS only; a foreign page cannot create a room with a simple request")
    void restCors() {
        ServiceProcess gw = limited.join();
        Http.Reply allowed = Http.call(gw, "OPTIONS", "/api/rooms", null, null,
                Map.of("Origin", CDN, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertEquals(CDN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "preflight for the CDN: " + allowed);
        Http.Reply foreign = Http.call(gw, "OPTIONS", "/api/rooms", null, null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertFalse(foreign.headers().firstValue("Access-Control-Allow-Origin").filter(o -> o.equals("https://evil.example") || o.equals("*")).isPresent(),
                "no CORS grant for a foreign origin: " + foreign + " " + foreign.headers().map());
        // a "simple" cross-site POST (no preflight) cannot create a room: the API only takes application/json
        Http.Reply simple = Http.call(gw, "POST", "/api/rooms", "{\"roomName\":\"csrf\"}", "text/plain", Map.of("Origin", "https://evil.example"));
        assertTrue(simple.status() == 415 || simple.status() == 403, "refused: " + simple);
    }
}
