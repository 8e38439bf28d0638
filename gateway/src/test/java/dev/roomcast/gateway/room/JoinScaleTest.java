package dev.roomcast.gateway.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.gateway.TestSocket;
import dev.roomcast.gateway.events.RoomEventDispatcher;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.testsupport.Stack;
import dev.roomcast.testsupport.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Joins through the JoinBatcher and presence in big rooms, with real room-service and chat-service
 * processes. Rooms are made "big" (more than presence-coalesce-above = 50 participants) by admitting
 * members through room-service's batch API on this gateway's id, as other sockets of this node would be.
 */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class JoinScaleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/ws")
    URI http;

    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private TestSocket socket() {
        TestSocket s = TestSocket.open(ws());
        s.await("server:welcome");
        return s;
    }

    private record Hosted(TestSocket host, String roomId, String gatewayId) {}

    private Hosted hostRoom(String name) {
        TestSocket host = TestSocket.open(ws());
        String gatewayId = host.await("server:welcome").path("gatewayId").asText();
        host.send("{\"type\":\"room:create\",\"roomName\":\"" + name + "\",\"username\":\"DJ\"}");
        String roomId = host.await("room:created").path("roomId").asText();
        host.await("room:joined");
        return new Hosted(host, roomId, gatewayId);
    }

    /** Admits {@code n} members straight at room-service (as if on other sockets of this gateway). */
    static JsonNode admit(String roomId, String gatewayId, String prefix, int n) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("gatewayId", gatewayId);
        ArrayNode members = body.putArray("members");
        for (int i = 0; i < n; i++) {
            members.addObject().put("userId", prefix + i).put("username", "Ghost " + i);
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create(Stack.service("room-service").baseUrl() + "/rooms/" + roomId + "/members/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static int participantCount(String roomId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create(Stack.service("room-service").baseUrl() + "/rooms/" + roomId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("participantCount").asInt();
    }

    /** Opens {@code n} sockets into {@code into}, then has each ask to join as prefix + i (the joins arrive together). */
    private void joining(List<TestSocket> into, String roomId, int n, String prefix) {
        for (int i = 0; i < n; i++) {
            into.add(socket());
        }
        for (int i = 0; i < n; i++) {
            into.get(into.size() - n + i).send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"username\":\"" + prefix + i + "\"}");
        }
    }

    static void closeAll(List<TestSocket> sockets) {
        sockets.forEach(TestSocket::close);
    }

    @Test
    @DisplayName("40 guests joining one room at once through one gateway each get their own room:joined, and are all members once")
    void manyConcurrentJoins() throws Exception {
        Hosted h = hostRoom("Rush");
        List<TestSocket> guests = new ArrayList<>();
        try {
            joining(guests, h.roomId(), 40, "G");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < guests.size(); i++) {
                JsonNode joined = guests.get(i).await("room:joined");
                assertEquals("G" + i, joined.path("you").path("username").asText(), "each socket gets its own answer");
                assertFalse(joined.path("you").path("isHost").asBoolean());
                assertEquals(h.roomId(), joined.path("roomId").asText());
                int count = joined.path("participantCount").asInt();
                assertTrue(count >= 2 && count <= 41, "participantCount " + count);
                assertTrue(joined.path("participants").size() <= count);
                ids.add(joined.path("you").path("userId").asText());
            }
            assertEquals(40, ids.size(), "40 distinct members");
            assertEquals(41, participantCount(h.roomId()));
            Set<String> announced = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                announced.add(h.host().await("user:joined", m -> !m.path("isHost").asBoolean()).path("userId").asText());
            }
            assertEquals(ids, announced, "the host hears every arrival once");
        } finally {
            closeAll(guests);
            h.host().close();
        }
    }

    @Test
    @DisplayName("concurrent joins that room-service refuses are answered per socket: room:notfound, room:full with maxUsers, forbidden (a wrong host token)")
    void refusalsPerSocket() throws Exception {
        Hosted h = hostRoom("Packed");
        admit(h.roomId(), h.gatewayId(), "u_fill", 99);
        List<TestSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                sockets.add(socket());
            }
            for (int i = 0; i < 3; i++) {
                sockets.get(i).send("{\"type\":\"room:join\",\"roomId\":\"AAAAAAAAAAAA\"}");
                sockets.get(3 + i).send("{\"type\":\"room:join\",\"roomId\":\"" + h.roomId() + "\"}");
                sockets.get(6 + i).send("{\"type\":\"room:join\",\"roomId\":\"" + h.roomId() + "\",\"hostToken\":\"nope-" + i + "\"}");
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("AAAAAAAAAAAA", sockets.get(i).await("room:notfound").path("roomId").asText());
                assertEquals(100, sockets.get(3 + i).await("room:full").path("maxUsers").asInt());
                sockets.get(6 + i).awaitError("forbidden");
            }
            assertEquals(100, participantCount(h.roomId()));
        } finally {
            closeAll(sockets);
            h.host().close();
        }
    }

    @Test
    @DisplayName("in a room of more than 50, a guest gets participants:update (count, who joined and left) instead of user:joined/user:left; the host still gets each")
    void bigRoomCoalesces() throws Exception {
        Hosted h = hostRoom("Big");
        admit(h.roomId(), h.gatewayId(), "u_crowd", 60);
        // the room's events are ordered: once the host heard the last of them, a guest joining now sees none of them
        h.host().await("user:joined", m -> "Ghost 59".equals(m.path("username").asText()));
        List<TestSocket> late = new ArrayList<>();
        try (TestSocket guest = socket()) {
            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + h.roomId() + "\",\"username\":\"Watcher\"}");
            JsonNode joined = guest.await("room:joined");
            assertEquals(62, joined.path("participantCount").asInt());
            assertEquals(joined.path("hostId").asText(), joined.path("participants").get(0).path("userId").asText(), "host first");
            h.host().await("user:joined", m -> "Watcher".equals(m.path("username").asText()));

            Set<String> names = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                TestSocket s = socket();
                late.add(s);
                s.send("{\"type\":\"room:join\",\"roomId\":\"" + h.roomId() + "\",\"username\":\"Late" + i + "\"}");
                s.await("room:joined");
                names.add("Late" + i);
            }
            Set<String> hostSaw = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                hostSaw.add(h.host().await("user:joined", m -> m.path("username").asText().startsWith("Late")).path("username").asText());
            }
            assertEquals(names, hostSaw, "the host gets every user:joined");

            Set<String> guestSaw = new HashSet<>();
            int lastCount = 0;
            while (!guestSaw.containsAll(names)) {
                JsonNode u = guest.await("participants:update");
                assertEquals(h.roomId(), u.path("roomId").asText());
                assertTrue(u.path("joined").size() <= 20 && u.path("left").size() <= 20);
                assertEquals(0, u.path("more").asInt());
                u.path("joined").forEach(p -> guestSaw.add(p.path("username").asText()));
                lastCount = u.path("participantCount").asInt();
            }
            assertEquals(67, lastCount);

            late.get(0).send("{\"type\":\"room:leave\"}");
            late.get(0).await("room:left");
            assertEquals("Late0", h.host().await("user:left").path("username").asText());
            JsonNode u = guest.await("participants:update", m -> m.path("left").size() > 0);
            assertEquals("Late0", u.path("left").get(0).path("username").asText());
            assertEquals(66, u.path("participantCount").asInt());
            assertTrue(guest.seen().stream().noneMatch(m -> m.path("type").asText().startsWith("user:")),
                    "no per-user presence for a guest of a big room: " + guest.seen());
        } finally {
            closeAll(late);
            h.host().close();
        }
    }

    @Inject
    RoomEventDispatcher dispatcher;

    @Inject
    dev.roomcast.gateway.session.SessionRegistry registry;

    @Test
    @DisplayName("a room with more than 50 sockets on this node stays coalesced when its count drops under 50 (this node's members reaped while it was overloaded): no user:left to each socket")
    void manySocketsHereStayCoalesced() throws Exception {
        Hosted h = hostRoom("Crowd");
        List<TestSocket> guests = new ArrayList<>();
        try {
            joining(guests, h.roomId(), 51, "Crowd");
            for (TestSocket s : guests) {
                s.await("room:joined");
            }
            TestSocket watcher = guests.get(0);
            // what room-service sends after it dropped most of this node's members: the count is 3 now
            long next = registry.room(h.roomId()).presenceVersion() + 1;
            dispatcher.deliver(RoomEvent.toRoom(h.roomId(), new ServerMessage.UserLeft(h.roomId(), "u_gone", "Gone", 3, next)));
            assertEquals("Gone", h.host().await("user:left", m -> "u_gone".equals(m.path("userId").asText())).path("username").asText(),
                    "the host still gets each departure");
            JsonNode u = watcher.await("participants:update", m -> m.path("left").size() > 0);
            assertEquals("Gone", u.path("left").get(0).path("username").asText());
            assertEquals(3, u.path("participantCount").asInt());
            assertTrue(watcher.seen().stream().noneMatch(m -> "user:left".equals(m.path("type").asText())),
                    "no user:left to each of the node's sockets: " + watcher.seen().size() + " messages seen");
        } finally {
            closeAll(guests);
            h.host().close();
        }
    }

    @Test
    @DisplayName("a retried join of the same socket makes no second member and no second user:joined")
    void idempotentRejoin() throws Exception {
        Hosted h = hostRoom("Again");
        try (TestSocket guest = socket()) {
            String join = "{\"type\":\"room:join\",\"roomId\":\"" + h.roomId() + "\",\"username\":\"Twice\"}";
            guest.send(join);
            guest.send(join);
            guest.await("room:joined");
            guest.awaitError("already_in_room");
            guest.send(join);
            guest.awaitError("already_in_room");
            h.host().await("user:joined", m -> "Twice".equals(m.path("username").asText()));
            guest.send("{\"type\":\"chat:message\",\"roomId\":\"" + h.roomId() + "\",\"message\":\"marker\"}");
            h.host().await("chat:message");
            // (the host's own user:joined may still be in flight: only the guest's count here)
            assertTrue(h.host().seen().stream().noneMatch(m -> "user:joined".equals(m.path("type").asText())
                            && "Twice".equals(m.path("username").asText())),
                    "one user:joined only: " + h.host().seen());
            assertEquals(2, participantCount(h.roomId()));
        } finally {
            h.host().close();
        }
    }
}
