package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.gateway.StalledSocket;
import dev.roomcast.gateway.TestSocket;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.testsupport.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class SocketProtocolTest {
    @Inject
    SessionRegistry registry;

    @TestHTTPResource("/ws")
    URI http;

    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    @Test
    @DisplayName("a new socket is welcomed with its own user id and the server's limits")
    void welcome() {
        try (TestSocket s = TestSocket.open(ws())) {
            JsonNode w = s.await("server:welcome");
            assertTrue(w.path("userId").asText().startsWith("u_"));
            assertEquals(16384, w.path("maxTextBytes").asInt());
        }
    }

    @Test
    @DisplayName("a clock probe comes back with server receive and send times close to the server's clock")
    void clockProbe() {
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            long before = ServerClock.nowUs();
            s.send("{\"type\":\"clock:ping\",\"id\":3,\"t0\":123.25}");
            JsonNode pong = s.await("clock:pong");
            long after = ServerClock.nowUs();
            assertEquals(3, pong.path("id").asInt());
            assertEquals(123.25, pong.path("t0").asDouble());
            long t1 = pong.path("t1").asLong();
            long t2 = pong.path("t2").asLong();
            assertTrue(before <= t1 && t1 <= t2 && t2 <= after, "t1/t2 inside the round trip");
        }
    }

    @Test
    @DisplayName("malformed, unknown, mistyped and oversize messages each get their error code and the socket keeps working")
    void badInputGetsErrors() {
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            s.send("{\"type\":\"room:join\",");
            s.awaitError("bad_json");
            s.send("{\"type\":\"room:explode\"}");
            s.awaitError("unknown_type");
            s.send("{\"type\":\"room:join\",\"roomId\":42}");
            s.awaitError("bad_message");
            s.send("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\"" + "x".repeat(17_000) + "\"}");
            s.awaitError("too_large");
            s.send("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\"hi\"}");
            s.awaitError("not_in_room");
            s.send("{\"type\":\"clock:ping\",\"id\":1,\"t0\":0}");
            s.await("clock:pong");
        }
    }

    @Test
    @DisplayName("messages past the transport's 256 KiB read limit are answered too: text gets too_large and the socket keeps working, binary closes it with 1009")
    void pastTheTransportLimit() {
        // the JDK client sends each message as one frame: 300 KiB frames are past max-message-size but
        // within the frame limit only when fragmented, so send fragments of 64 KiB
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            s.sendFragmented("{\"type\":\"clock:ping\",\"id\":1,\"t0\":0,\"x\":\"" + "x".repeat(300 * 1024) + "\"}", 64 * 1024);
            s.awaitError("too_large");
            s.send("{\"type\":\"clock:ping\",\"id\":2,\"t0\":0}");
            s.await("clock:pong");
        }
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            s.sendBinaryFragmented(new byte[300 * 1024], 64 * 1024);
            assertEquals(1009, s.awaitClose());
        }
    }

    @Test
    @DisplayName("a socket that stops reading is closed once it leaves SOCKET_BACKLOG_MAX bytes unread, instead of queueing without end; a reading socket gets the same messages")
    void stalledSocketIsClosed() throws Exception {
        try (StalledSocket stalled = new StalledSocket(ws()); TestSocket reading = TestSocket.open(ws())) {
            String readingId = reading.await("server:welcome").path("userId").asText();
            Session slow = session(stalled.userId);
            Session fine = session(readingId);
            // 300 messages of 1 KiB, one every 2 ms: far past the 128 KiB bound (plus the kernel's
            // buffers) for the stalled one, nothing for one that reads
            String json = "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"" + "x".repeat(1000) + "\"}";
            long maxUnread = 0;
            for (int i = 0; i < 300; i++) {
                slow.sendJson(json);
                fine.sendJson(json);
                maxUnread = Math.max(maxUnread, slow.unreadBytes());
                Thread.sleep(2);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !slow.isOpen());
            assertTrue(maxUnread <= 131072 + 2048, "never more than the bound queued: " + maxUnread);
            for (int i = 0; i < 300; i++) {
                reading.awaitError("internal");
            }
            assertTrue(fine.isOpen(), "the reading socket is untouched");
        }
    }

    Session session(String userId) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.all().stream().filter(x -> userId.equals(x.userId())).findFirst().orElse(null), x -> x != null);
    }

    @Test
    @DisplayName("a socket flooding messages is rate limited, then closed with a policy-violation reason")
    void floodIsLimitedThenClosed() {
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            for (int i = 0; i < 400 && !s.isClosed(); i++) {
                if (!s.trySend("{\"type\":\"clock:ping\",\"id\":" + i + ",\"t0\":0}")) {
                    break; // the server closed it between two sends
                }
            }
            s.awaitError("rate_limited");
            assertEquals(Session.CLOSE_POLICY, s.awaitClose());
        }
    }

    @Test
    @DisplayName("a page from a foreign origin gets its socket closed at once with 1008 forbidden_origin, before any message")
    void foreignOriginRefused() {
        try (TestSocket s = TestSocket.open(ws(), "https://evil.example")) {
            assertEquals(Session.CLOSE_POLICY, s.awaitClose());
            assertEquals("forbidden_origin", s.closeReason());
            assertEquals(0, s.seen().size(), "no welcome: " + s.seen());
        }
        try (TestSocket same = TestSocket.open(ws(), "http://" + ws().getAuthority())) {
            same.await("server:welcome");
        }
    }

    @Test
    @DisplayName("60 clock probes at once are each answered: a pong, or rate_limited naming clock:ping; none is dropped")
    void everyPingAnswered() {
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            for (int i = 0; i < 60; i++) {
                s.send("{\"type\":\"clock:ping\",\"id\":" + i + ",\"t0\":0}");
            }
            java.util.List<JsonNode> answers = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> s.seen().stream().filter(m -> !"server:welcome".equals(m.path("type").asText())).toList(),
                            l -> l.size() >= 60);
            long pongs = answers.stream().filter(m -> "clock:pong".equals(m.path("type").asText())).count();
            long limited = answers.stream().filter(m -> "rate_limited".equals(m.path("code").asText())
                    && "clock:ping".equals(m.path("ref").asText())).count();
            assertTrue(pongs >= 40, "the burst (40) is answered: " + pongs);
            assertEquals(60, pongs + limited, "every probe answered one way or the other: " + answers);
        }
    }

    @Test
    @DisplayName("a refused field names its message as ref: invalid_room_id, invalid_name, chat_empty, chat_too_long, bad_audio_config")
    void refusalsNameTheirMessage() {
        try (TestSocket s = TestSocket.open(ws())) {
            s.await("server:welcome");
            s.send("{\"type\":\"room:join\",\"roomId\":\"short\"}");
            assertEquals("room:join", s.awaitError("invalid_room_id").path("ref").asText());
            s.send("{\"type\":\"room:create\",\"roomName\":\"\\u200b \\u200b\"}");
            assertEquals("room:create", s.awaitError("invalid_name").path("ref").asText());
            s.send("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\" \"}");
            assertEquals("chat:message", s.awaitError("chat_empty").path("ref").asText());
            s.send("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\"" + "x".repeat(501) + "\"}");
            assertEquals("chat:message", s.awaitError("chat_too_long").path("ref").asText());
            s.send("{\"type\":\"broadcast:start\",\"roomId\":\"AbC123_-xYz9\",\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":8000,\"channels\":2,\"bitrate\":64000}}");
            assertEquals("broadcast:start", s.awaitError("bad_audio_config").path("ref").asText());
            s.send("{\"type\":\"room:leave\"} {}");
            assertTrue(s.awaitError("bad_json").path("ref").isMissingNode(), "trailing tokens: bad_json, no type read");
        }
    }
}
