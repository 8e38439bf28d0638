package dev.roomcast.gateway.room;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.gateway.TestSocket;
import dev.roomcast.testsupport.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class RoomFlowTest {

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

    @Test
    @DisplayName("a host creates a room over the socket, a guest joins by id, and each sees the other")
    void createAndJoin() {
        try (TestSocket host = socket(); TestSocket guest = socket()) {
            host.send("{\"type\":\"room:create\",\"roomName\":\"Friday mix\",\"username\":\"DJ\"}");
            JsonNode created = host.await("room:created");
            String roomId = created.path("roomId").asText();
            assertEquals(43, created.path("hostToken").asText().length());
            assertTrue(created.path("url").asText().endsWith("/room/" + roomId));
            JsonNode hostJoined = host.await("room:joined");
            assertTrue(hostJoined.path("you").path("isHost").asBoolean());
            assertEquals(created.path("hostId").asText(), hostJoined.path("you").path("userId").asText());

            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"username\":\"Ana\"}");
            JsonNode joined = guest.await("room:joined");
            assertFalse(joined.path("you").path("isHost").asBoolean());
            assertEquals("Friday mix", joined.path("roomName").asText());
            assertEquals(2, joined.path("participants").size());
            assertFalse(joined.toString().contains(created.path("hostToken").asText()), "guests never see the token");

            JsonNode seen = host.await("user:joined", m -> "Ana".equals(m.path("username").asText()));
            assertEquals(2, seen.path("participantCount").asInt());

            guest.send("{\"type\":\"room:leave\"}");
            guest.await("room:left");
            assertEquals(1, host.await("user:left").path("participantCount").asInt());
        }
    }

    @Test
    @DisplayName("a password room over the socket: none, wrong, then too_many_attempts with retryAfter for this address; the host lists the room and everyone is told")
    void passwordAndListing() {
        try (TestSocket host = socket(); TestSocket guest = socket(); TestSocket other = socket()) {
            host.send("{\"type\":\"room:create\",\"roomName\":\"Behind a door\"}");
            String roomId = host.await("room:created").path("roomId").asText();
            assertFalse(host.await("room:joined").path("listed").asBoolean(), "a room is unlisted by default");
            host.send("{\"type\":\"room:settings\",\"roomId\":\"" + roomId + "\",\"password\":\"4711\",\"listed\":true}");
            JsonNode settings = host.await("room:settings");
            assertTrue(settings.path("hasPassword").asBoolean());
            assertTrue(settings.path("listed").asBoolean());
            assertFalse(settings.toString().contains("4711"), "the password is never sent back");

            String join = "{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\"";
            guest.send(join + "}");
            assertEquals("room:join", guest.awaitError("password_required").path("ref").asText());
            for (int i = 0; i < 5; i++) {
                guest.send(join + ",\"password\":\"000" + i + "\"}");
                guest.awaitError("wrong_password");
            }
            guest.send(join + ",\"password\":\"4711\"}");
            JsonNode locked = guest.awaitError("too_many_attempts");
            assertTrue(locked.path("retryAfter").asInt() > 0 && locked.path("retryAfter").asInt() <= 60, locked.toString());
            // the same address (127.0.0.1) on another socket is held up too: the limit is the address's, not the socket's
            other.send(join + ",\"password\":\"4711\"}");
            other.awaitError("too_many_attempts");
        }
    }

    @Test
    @DisplayName("joining an unknown room says room:notfound; a malformed id says invalid_room_id")
    void unknownRoom() {
        try (TestSocket s = socket()) {
            s.send("{\"type\":\"room:join\",\"roomId\":\"AAAAAAAAAAAA\"}");
            assertEquals("AAAAAAAAAAAA", s.await("room:notfound").path("roomId").asText());
            s.send("{\"type\":\"room:join\",\"roomId\":\"../../etc\"}");
            s.awaitError("invalid_room_id");
        }
    }

    @Test
    @DisplayName("only the host may start a broadcast, change settings or kick; a wrong token does not make a host")
    void hostOnlyActions() {
        try (TestSocket host = socket(); TestSocket guest = socket()) {
            host.send("{\"type\":\"room:create\",\"roomName\":\"Guarded\"}");
            String roomId = host.await("room:created").path("roomId").asText();
            host.await("room:joined");

            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"hostToken\":\"not-the-token\"}");
            guest.awaitError("forbidden");
            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\"}");
            String guestId = guest.await("room:joined").path("you").path("userId").asText();

            guest.send("{\"type\":\"broadcast:start\",\"roomId\":\"" + roomId
                    + "\",\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":128000}}");
            guest.awaitError("not_host");
            guest.send("{\"type\":\"room:settings\",\"roomId\":\"" + roomId + "\",\"preset\":\"party\"}");
            guest.awaitError("not_host");
            guest.send("{\"type\":\"user:kick\",\"roomId\":\"" + roomId + "\",\"userId\":\"u_someone\"}");
            guest.awaitError("not_cohost");
            guest.send("{\"type\":\"user:cohost\",\"roomId\":\"" + roomId + "\",\"userId\":\"" + guestId + "\",\"isCohost\":true}");
            guest.awaitError("not_host");
            // made a co-host by the host: the gateway lets its moderation through (room-service answers for the absent user)
            host.send("{\"type\":\"user:cohost\",\"roomId\":\"" + roomId + "\",\"userId\":\"" + guestId + "\",\"isCohost\":true}");
            assertTrue(guest.await("user:cohost").path("isCohost").asBoolean());
            guest.send("{\"type\":\"user:kick\",\"roomId\":\"" + roomId + "\",\"userId\":\"u_someone\"}");
            guest.awaitError("not_in_room");
            guest.send("{\"type\":\"room:settings\",\"roomId\":\"" + roomId + "\",\"preset\":\"party\"}");
            guest.awaitError("not_host"); // settings stay the host's
            host.send("{\"type\":\"user:cohost\",\"roomId\":\"" + roomId + "\",\"userId\":\"" + guestId + "\",\"isCohost\":false}");
            assertFalse(guest.await("user:cohost").path("isCohost").asBoolean());
            guest.send("{\"type\":\"user:kick\",\"roomId\":\"" + roomId + "\",\"userId\":\"u_someone\"}");
            guest.awaitError("not_cohost");
            guest.send("{\"type\":\"broadcast:stop\",\"roomId\":\"AAAAAAAAAAAA\"}");
            guest.awaitError("wrong_room");

            host.send("{\"type\":\"broadcast:start\",\"roomId\":\"" + roomId
                    + "\",\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":128000}}");
            assertEquals(128000, guest.await("broadcast:started").path("audioConfig").path("bitrate").asInt());
            host.send("{\"type\":\"room:settings\",\"roomId\":\"" + roomId + "\",\"preset\":\"party\"}");
            assertEquals(1200, guest.await("room:settings").path("playoutDelayMs").asInt());

            host.send("{\"type\":\"user:kick\",\"roomId\":\"" + roomId + "\",\"userId\":\"" + guestId + "\"}");
            guest.await("room:kicked");
            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\"}");
            guest.awaitError("kicked");
        }
    }

    @Test
    @DisplayName("a host that reconnects with its token is host again, under the same user id")
    void hostReconnects() {
        String roomId;
        String token;
        String hostId;
        try (TestSocket host = socket()) {
            host.send("{\"type\":\"room:create\",\"roomName\":\"Comeback\"}");
            JsonNode created = host.await("room:created");
            roomId = created.path("roomId").asText();
            token = created.path("hostToken").asText();
            hostId = created.path("hostId").asText();
            host.await("room:joined");
        }
        try (TestSocket again = socket()) {
            again.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"hostToken\":\"" + token + "\"}");
            JsonNode joined = again.await("room:joined");
            assertTrue(joined.path("you").path("isHost").asBoolean());
            assertEquals(hostId, joined.path("you").path("userId").asText());
        }
    }

    @Test
    @DisplayName("chat reaches everyone with the sender's identity from its connection, stays text, and a late joiner gets the history")
    void chat() {
        try (TestSocket host = socket(); TestSocket guest = socket()) {
            host.send("{\"type\":\"room:create\",\"roomName\":\"Chatty\",\"username\":\"Host\"}");
            String roomId = host.await("room:created").path("roomId").asText();
            host.await("room:joined");
            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"username\":\"Ana\"}");
            guest.await("room:joined");

            String evil = "<img src=x onerror=alert(1)>";
            host.send("{\"type\":\"chat:message\",\"roomId\":\"" + roomId + "\",\"message\":\"" + evil + "\",\"userId\":\"forged\",\"isHost\":false}");
            JsonNode atGuest = guest.await("chat:message");
            assertEquals(evil, atGuest.path("message").asText());
            assertTrue(atGuest.path("isHost").asBoolean(), "identity comes from the connection, not the payload");
            assertEquals("Host", atGuest.path("username").asText());
            host.await("chat:message");

            try (TestSocket late = socket()) {
                late.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\"}");
                late.await("room:joined");
                JsonNode history = late.await("chat:history");
                assertEquals(evil, history.path("messages").get(0).path("message").asText());
            }
        }
    }

    @Test
    @DisplayName("REST: create, list, read, and close a room; closing needs the host token and tells the guests")
    void restLifecycle() {
        JsonNode created = given().contentType("application/json").body("{\"roomName\":\"Over REST\",\"listed\":true}")
                .when().post("/api/rooms").then().statusCode(201)
                .body("url", startsWith("http")).extract().as(JsonNode.class);
        String roomId = created.path("roomId").asText();
        String token = created.path("hostToken").asText();

        given().when().get("/api/rooms").then().statusCode(200).body("roomId", not(hasItem(roomId))); // not live yet
        given().when().get("/api/rooms/" + roomId).then().statusCode(200).body("roomName", equalTo("Over REST"));
        given().when().get("/api/rooms/" + roomId + "/messages").then().statusCode(200);
        given().when().get("/api/rooms/AAAAAAAAAAAA").then().statusCode(404);
        given().when().get("/api/rooms/bad!id").then().statusCode(400).body("error.code", equalTo("invalid_room_id"));
        given().contentType("application/json").body("{\"roomName\":\"\"}").when().post("/api/rooms")
                .then().statusCode(400).body("error.code", equalTo("invalid_name"));
        given().contentType("application/json").body("[1]").when().post("/api/rooms")
                .then().statusCode(400).body("error.code", equalTo("bad_message"));

        try (TestSocket guest = socket()) {
            guest.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\"}");
            guest.await("room:joined");
            try (TestSocket host = socket()) {
                host.send("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"hostToken\":\"" + token + "\",\"username\":\"Hal\"}");
                host.await("room:joined");
                host.send("{\"type\":\"broadcast:start\",\"roomId\":\"" + roomId + "\",\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":96000}}");
                host.await("broadcast:started");
                given().when().get("/api/rooms").then().statusCode(200)
                        .body("find { it.roomId == '" + roomId + "' }.hostName", equalTo("Hal"))
                        .body("find { it.roomId == '" + roomId + "' }.participantCount", equalTo(2));
            }
            given().when().delete("/api/rooms/" + roomId).then().statusCode(401);
            given().header("Authorization", "Bearer wrong-token").when().delete("/api/rooms/" + roomId).then().statusCode(403);
            given().header("Authorization", "Bearer " + token).when().delete("/api/rooms/" + roomId)
                    .then().statusCode(200).body("success", equalTo(true));
            guest.await("room:closed");
        }
        given().when().get("/api/rooms/" + roomId).then().statusCode(404);
    }
}
