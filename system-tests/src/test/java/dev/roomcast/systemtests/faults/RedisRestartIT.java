package dev.roomcast.systemtests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis restart (AOF on): rooms and chat history survive")
class RedisRestartIT {

    @Test
    @DisplayName("restart redis-server: the room, its host token and its acknowledged chat are still there; chat works again")
    void roomsAndChatSurvive() {
        FaultStack stack = FaultStack.get();
        Rest.Room room = Rest.createRoom(stack.gatewayA, "Survives Redis");
        WsClient guest = WsClient.connect(FaultStack.ws(stack.gatewayA), "redis-guest");
        String userId = guest.join(room.roomId(), "Ada", null).path("you").path("userId").asText();
        List<String> sent = List.of("before restart one", "before restart two", "<b>three</b>");
        for (String text : sent) {
            guest.send(WsClient.msg("chat:message").put("roomId", room.roomId()).put("message", text));
        }
        await("all three acknowledged").atMost(Duration.ofSeconds(15)).until(() -> ChatFlow.acknowledged(guest, userId).size() == 3);

        long t0 = System.nanoTime();
        stack.infra.redis().restart();
        double restartMs = (System.nanoTime() - t0) / 1e6;

        await("room-service and chat-service ready").atMost(Duration.ofSeconds(30))
                .until(() -> FaultStack.ready(stack.room) && FaultStack.ready(stack.chat));
        Rest.Reply r = Rest.get(stack.gatewayB, "/api/rooms/" + room.roomId());
        assertEquals(200, r.status(), "the room is still there: " + r.body());
        assertEquals("Survives Redis", r.body().path("roomName").asText());
        assertEquals(sent, ChatFlow.history(stack.chat, room.roomId()), "the stored history, in order");

        // a newcomer gets the history on join, and chat goes on; the host token still works
        WsClient late = WsClient.connect(FaultStack.ws(stack.gatewayB), "redis-late");
        late.join(room.roomId(), "Grace", null);
        JsonNode history = late.awaitMessage("chat:history", Duration.ofSeconds(10));
        List<String> seen = new ArrayList<>();
        history.path("messages").forEach(m -> seen.add(m.path("message").asText()));
        assertEquals(sent, seen, "chat:history after the restart");
        guest.send(WsClient.msg("chat:message").put("roomId", room.roomId()).put("message", "after restart"));
        await("a message after the restart is acknowledged").atMost(Duration.ofSeconds(20))
                .until(() -> ChatFlow.acknowledged(guest, userId).contains("after restart"));
        assertTrue(ChatFlow.history(stack.chat, room.roomId()).contains("after restart"));
        WsClient host = WsClient.connect(FaultStack.ws(stack.gatewayA), "redis-host");
        assertTrue(host.join(room.roomId(), "Host", room.hostToken()).path("you").path("isHost").asBoolean(),
                "the host token survived");
        String report = String.format("Redis restart (SIGTERM, AOF everysec): down and up in %.0f ms; room, host token and %d chat messages survived%n",
                restartMs, sent.size());
        System.out.print(report);
        FaultReport.append(report);
        for (WsClient c : List.of(guest, late, host)) {
            c.close();
        }
        Rest.delete(stack.gatewayA, "/api/rooms/" + room.roomId(), room.hostToken());
    }
}
