package dev.roomcast.systemtests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two guests chat at a fair rate (one message every 1.2 s each, under the 1/s limit) while
 * chat-service is killed (SIGKILL) and started again, and then stopped (SIGTERM) and started again.
 *
 * <p>"Acknowledged" (docs/CHAT.md, "What acknowledged means"): the sender received its own
 * {@code chat:message} back. chat-service publishes it only after the entry is stored in Redis, so
 * an acknowledged message must be in the history. The test also checks the stronger promise the
 * design makes: every message the gateway accepted (no {@code error} answer) is acknowledged in the
 * end, the ones sent while chat-service was down included, and the history holds each exactly once.
 */
@DisplayName("chat-service restart (SIGKILL and SIGTERM): no acknowledged chat message is lost")
class ChatRestartIT {

    @Test
    @DisplayName("messages sent before, during and after a kill and a stop of chat-service are all acknowledged and stored exactly once")
    void noAcknowledgedMessageLost() throws Exception {
        FaultStack stack = FaultStack.get();
        Rest.Room room = Rest.createRoom(stack.gatewayA, "Chat through restarts");
        WsClient a = WsClient.connect(FaultStack.ws(stack.gatewayA), "chat-a");
        WsClient b = WsClient.connect(FaultStack.ws(stack.gatewayB), "chat-b");
        Map<WsClient, String> userIds = new HashMap<>();
        userIds.put(a, a.join(room.roomId(), "Ann", null).path("you").path("userId").asText());
        userIds.put(b, b.join(room.roomId(), "Bob", null).path("you").path("userId").asText());
        Map<WsClient, List<String>> sent = Map.of(a, new CopyOnWriteArrayList<>(), b, new CopyOnWriteArrayList<>());
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        for (WsClient c : List.of(a, b)) {
            int[] n = {0};
            timer.scheduleAtFixedRate(() -> {
                if (n[0] >= 40) {
                    return;
                }
                String text = c.name() + " #" + (n[0]++);
                c.send(WsClient.msg("chat:message").put("roomId", room.roomId()).put("message", text));
                sent.get(c).add(text);
            }, 0, 1200, TimeUnit.MILLISECONDS);
        }
        StringBuilder report = new StringBuilder("chat-service restarts, two guests chatting one message per 1.2 s:\n");
        try {
            // killed while acknowledged messages exist and more are on their way
            await("the first messages are acknowledged").atMost(Duration.ofSeconds(30))
                    .until(() -> ChatFlow.acknowledged(a, userIds.get(a)).size() >= 2 && ChatFlow.acknowledged(b, userIds.get(b)).size() >= 2);
            int ackedBeforeKill = ChatFlow.acknowledged(a, userIds.get(a)).size();
            long t0 = System.nanoTime();
            stack.chat.kill();
            stack.chat.launch();
            report.append(String.format("  SIGKILL, started again and ready in %.0f ms (%d of Ann's messages acknowledged before)%n",
                    (System.nanoTime() - t0) / 1e6, ackedBeforeKill));
            Thread.sleep(3000);
            t0 = System.nanoTime();
            stack.chat.stop();
            stack.chat.launch();
            report.append(String.format("  SIGTERM, started again and ready in %.0f ms%n", (System.nanoTime() - t0) / 1e6));
            Thread.sleep(2500);
        } finally {
            timer.shutdownNow();
        }
        for (WsClient c : List.of(a, b)) {
            await(c.name() + ": every message sent is acknowledged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ChatFlow.acknowledged(c, userIds.get(c)).containsAll(sent.get(c)));
        }
        List<String> history = ChatFlow.history(stack.chat, room.roomId());
        List<String> all = new ArrayList<>();
        for (WsClient c : List.of(a, b)) {
            assertTrue(c.messages("error").isEmpty(), c.name() + " got no error (no rate_limited for a fair rate): " + c.messages("error"));
            for (String text : ChatFlow.acknowledged(c, userIds.get(c))) {
                assertEquals(1, history.stream().filter(text::equals).count(), "'" + text + "' is stored exactly once: " + history);
            }
            // each sender's messages are stored in the order they were sent
            List<String> own = history.stream().filter(t -> t.startsWith(c.name() + " #")).toList();
            assertEquals(sent.get(c), own, c.name() + "'s messages in order");
            all.addAll(sent.get(c));
        }
        long duplicatesShown = a.messages("chat:message").size() - a.messages("chat:message").stream().map(m -> m.path("id").asText()).distinct().count();
        report.append(String.format("  %d messages sent, %d acknowledged, %d stored once each; chat:message shown twice (redelivery, clients dedupe by id): %d%n",
                all.size(), ChatFlow.acknowledged(a, userIds.get(a)).size() + ChatFlow.acknowledged(b, userIds.get(b)).size(),
                history.size(), duplicatesShown));
        System.out.print(report);
        FaultReport.append(report.toString());
        a.close();
        b.close();
        Rest.delete(stack.gatewayA, "/api/rooms/" + room.roomId(), room.hostToken());
    }
}
