package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chat across two gateways")
class ChatAcrossGatewaysIT {
    /** chat-service's defaults (docs/CHAT.md): a burst of 5, then 1 per second. */
    static final int BURST = 5;
    static final double PER_SECOND = 1;
    static LiveStack stack;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
    }

    @Test
    @DisplayName("everyone in a room, on either gateway, sees the same messages in the same order, with the host badge")
    void sameMessagesSameOrder() {
        Rest.Room room = Rest.createRoom(stack.gatewayA(), "Chatty");
        List<WsClient> people = new ArrayList<>();
        try {
            WsClient host = WsClient.connect(LiveStack.ws(stack.gatewayA()), "host");
            host.join(room.roomId(), "Hostess", room.hostToken());
            people.add(host);
            for (int i = 0; i < 5; i++) {
                WsClient c = WsClient.connect(LiveStack.ws(i % 2 == 0 ? stack.gatewayB() : stack.gatewayA()), "p" + i);
                c.join(room.roomId(), "Person" + i, null);
                people.add(c);
            }
            int each = 3;
            for (int round = 0; round < each; round++) {
                int r = round;
                people.parallelStream().forEach(p -> p.send(WsClient.msg("chat:message").put("roomId", room.roomId())
                        .put("message", p.name() + " says " + r)));
            }
            int total = people.size() * each;
            await("everyone has all " + total + " messages").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> people.stream().allMatch(p -> p.messages("chat:message").size() >= total));

            List<String> reference = ids(people.get(0));
            assertEquals(total, reference.size());
            for (WsClient p : people) {
                assertEquals(reference, ids(p), p.name() + " sees the same messages in the same order");
            }
            for (JsonNode m : people.get(3).messages("chat:message")) {
                boolean fromHost = m.path("message").asText().startsWith("host ");
                assertEquals(fromHost, m.path("isHost").asBoolean(), "host badge on " + m);
                if (fromHost) {
                    assertEquals("Hostess", m.path("username").asText());
                }
            }
            // a late joiner on B gets the same history
            try (WsClient late = WsClient.connect(LiveStack.ws(stack.gatewayB()), "late")) {
                late.join(room.roomId(), null, null);
                JsonNode history = late.awaitMessage("chat:history", Duration.ofSeconds(10));
                List<String> hist = new ArrayList<>();
                history.path("messages").forEach(m -> hist.add(m.path("id").asText()));
                assertEquals(reference, hist, "history has the same order");
            }
            Rest.Reply rest = Rest.get(stack.gatewayB(), "/api/rooms/" + room.roomId() + "/messages");
            assertEquals(total, rest.body().path("messages").size());
        } finally {
            people.forEach(WsClient::abort);
            Rest.delete(stack.gatewayA(), "/api/rooms/" + room.roomId(), room.hostToken());
        }
    }

    @Test
    @DisplayName("a client flooding 100 messages/s gets rate_limited, and the others see at most the allowed rate from it")
    void floodIsRateLimited() {
        Rest.Room room = Rest.createRoom(stack.gatewayB(), "Flood");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (WsClient flooder = WsClient.connect(LiveStack.ws(stack.gatewayA()), "flooder");
             WsClient otherA = WsClient.connect(LiveStack.ws(stack.gatewayA()), "other-A");
             WsClient otherB = WsClient.connect(LiveStack.ws(stack.gatewayB()), "other-B")) {
            String flooderId = flooder.join(room.roomId(), "Floody", null).path("you").path("userId").asText();
            otherA.join(room.roomId(), null, null);
            otherB.join(room.roomId(), null, null);

            int count = 150; // 1.5 s at 100 messages per second
            AtomicInteger n = new AtomicInteger();
            CompletableFuture<Void> done = new CompletableFuture<>();
            long t0 = System.nanoTime();
            timer.scheduleAtFixedRate(() -> {
                int i = n.getAndIncrement();
                if (i >= count) {
                    done.complete(null);
                    throw new RuntimeException("stop"); // ends the schedule
                }
                flooder.send(WsClient.msg("chat:message").put("roomId", room.roomId()).put("message", "spam " + i));
            }, 0, 10, TimeUnit.MILLISECONDS);
            done.orTimeout(30, TimeUnit.SECONDS).join();
            double floodSeconds = (System.nanoTime() - t0) / 1e9;

            flooder.awaitError("rate_limited", 0, Duration.ofSeconds(10));
            // chat-service limits at processing time: a backlog processed over a longer window earns the refill of
            // that window, so the bound is the burst plus the rate over the time elapsed since the flood began
            java.util.function.IntSupplier allowed = () -> BURST + (int) Math.ceil((System.nanoTime() - t0) / 1e9 * PER_SECOND) + 1;
            // let everything in flight arrive, and keep checking that no more than the allowed rate gets through
            for (WsClient o : List.of(otherA, otherB)) {
                await(o.name() + " sees some of the flood, never more than the burst plus the rate")
                        .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> fromUser(o, flooderId) >= 1 && fromUser(o, flooderId) <= allowed.getAsInt());
                System.out.printf("%s saw %d of %d flood messages sent in %.1f s (allowed by now %d)%n", o.name(),
                        fromUser(o, flooderId), count, floodSeconds, allowed.getAsInt());
                assertTrue(fromUser(o, flooderId) < count / 4, "the flood itself never gets through");
            }
            assertEquals(fromUser(otherA, flooderId), fromUser(otherB, flooderId), "both gateways deliver the same messages");
            assertTrue(fromUser(otherA, flooderId) >= BURST, "the burst itself gets through");
        } finally {
            timer.shutdownNow();
            Rest.delete(stack.gatewayB(), "/api/rooms/" + room.roomId(), room.hostToken());
        }
    }

    private static long fromUser(WsClient c, String userId) {
        return c.messages("chat:message").stream().filter(m -> userId.equals(m.path("userId").asText())).count();
    }

    private static List<String> ids(WsClient c) {
        return c.messages("chat:message").stream().map(m -> m.path("id").asText()).toList();
    }
}
