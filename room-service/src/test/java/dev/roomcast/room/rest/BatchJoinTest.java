package dev.roomcast.room.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** POST /rooms/{id}/members/batch against real Redis (MAX_USERS_PER_ROOM = 100 in tests). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BatchJoinTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    static ObjectNode member(String userId) {
        return JSON.createObjectNode().put("userId", userId);
    }

    static ObjectNode batch(String gatewayId, List<ObjectNode> members) {
        ObjectNode b = JSON.createObjectNode().put("gatewayId", gatewayId);
        ArrayNode arr = b.putArray("members");
        members.forEach(arr::add);
        return b;
    }

    static List<ObjectNode> guests(String prefix, int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(member(prefix + i));
        }
        return out;
    }

    static JsonNode post(String roomId, ObjectNode body, int status) {
        String s = given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/rooms/{id}/members/batch", roomId).then().statusCode(status).extract().asString();
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    long members(String roomId) {
        return redis.hash(String.class).hlen(RedisKeys.members(roomId));
    }

    static long ok(JsonNode answer) {
        long n = 0;
        for (JsonNode r : answer.path("results")) {
            if (!r.has("error")) {
                n++;
            }
        }
        return n;
    }

    @Test
    @DisplayName("a mixed batch gets one outcome per member, in order: guest in, host by token, wrong token, kicked, host's id, malformed id, duplicate")
    void mixed() {
        Api.Room room = Api.createRoom("mixed");
        Api.joinGuest(room.roomId(), "u_kicked01").statusCode(200);
        given().header("Authorization", room.bearer()).contentType(ContentType.JSON).body("{\"userId\":\"u_kicked01\"}")
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);

        JsonNode a = post(room.roomId(), batch("gw-b", List.of(
                member("u_guest01").put("username", " Bo "),
                member("u_whatever").put("hostToken", room.hostToken()),
                member("u_fake").put("hostToken", "not-the-token"),
                member("u_kicked01"),
                member(room.hostId()),
                member("bad id!"),
                member("u_guest01"))), 200);
        JsonNode r = a.path("results");
        assertEquals(7, r.size());
        assertEquals("joined", r.get(0).path("status").asText());
        assertEquals("Bo", r.get(0).path("you").path("username").asText());
        assertFalse(r.get(0).path("you").path("isHost").asBoolean());
        assertEquals(room.hostId(), r.get(1).path("you").path("userId").asText());
        assertTrue(r.get(1).path("you").path("isHost").asBoolean());
        assertEquals("forbidden", r.get(2).path("error").path("code").asText());
        assertEquals("kicked", r.get(3).path("error").path("code").asText());
        assertEquals("forbidden", r.get(4).path("error").path("code").asText());
        assertEquals("bad_message", r.get(5).path("error").path("code").asText());
        assertEquals("rejoined", r.get(6).path("status").asText(), "the same user twice in a batch is one member");
        assertEquals(2, members(room.roomId()));
        assertEquals(2, a.path("room").path("participantCount").asInt());
        assertEquals(room.hostId(), a.path("room").path("participants").get(0).path("userId").asText(), "host first");
        assertTrue(a.path("room").path("hostConnected").asBoolean());

        EventTap.get().await(room.roomId(), "host:status");
        // events of one room are ordered: a marker joined after the batch is seen after all of the batch's events
        Api.joinGuest(room.roomId(), "u_marker01").statusCode(200);
        org.awaitility.Awaitility.await().until(() -> joinedEvents(room.roomId()).contains("u_marker01"));
        List<String> joined = joinedEvents(room.roomId());
        assertEquals(1, joined.stream().filter("u_guest01"::equals).count(), joined.toString());
        assertEquals(1, joined.stream().filter(room.hostId()::equals).count(), joined.toString());
        assertEquals(List.of("u_kicked01", "u_guest01", room.hostId(), "u_marker01").stream().sorted().toList(),
                joined.stream().sorted().toList(), "one user:joined per new member (the kicked one from before its kick)");
    }

    static List<String> joinedEvents(String roomId) {
        return EventTap.get().of(roomId).stream()
                .filter(e -> e.message() instanceof dev.roomcast.protocol.message.ServerMessage.UserJoined)
                .map(e -> ((dev.roomcast.protocol.message.ServerMessage.UserJoined) e.message()).userId()).toList();
    }

    @Test
    @DisplayName("the listener limit holds at and past MAX_USERS: 97 + 5 guests → 99 in (the host's place stays free), 3 room_full with maxUsers; the host still gets in")
    void limit() {
        Api.Room room = Api.createRoom("full");
        JsonNode first = post(room.roomId(), batch("gw-b", guests("u_a", 97)), 200);
        assertEquals(97, ok(first));
        JsonNode second = post(room.roomId(), batch("gw-b", guests("u_b", 5)), 200);
        assertEquals(2, ok(second));
        for (int i = 2; i < 5; i++) {
            JsonNode e = second.path("results").get(i).path("error");
            assertEquals("room_full", e.path("code").asText());
            assertEquals(100, e.path("maxUsers").asInt());
        }
        assertEquals(99, members(room.roomId()));
        JsonNode host = post(room.roomId(), batch("gw-b", List.of(member("u_x").put("hostToken", room.hostToken()),
                member("u_c0"))), 200);
        assertTrue(host.path("results").get(0).path("you").path("isHost").asBoolean());
        assertEquals("room_full", host.path("results").get(1).path("error").path("code").asText());
        assertEquals(100, members(room.roomId()));
        assertEquals(100, host.path("room").path("participantCount").asInt());
        assertTrue(host.path("room").path("participants").size() <= 100);
        // a member already in may always rejoin
        assertEquals("rejoined", post(room.roomId(), batch("gw-c", List.of(member("u_a3"))), 200)
                .path("results").get(0).path("status").asText());
    }

    @Test
    @DisplayName("a password room: right password in, a wrong one wrong_password, none password_required, a member already in rejoins without it")
    void password() {
        Api.Room room = Api.createRoom("locked");
        given().header("Authorization", room.bearer()).contentType(ContentType.JSON).body("{\"password\":\"sesame\"}")
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200);
        JsonNode a = post(room.roomId(), batch("gw-b", List.of(member("u_p1").put("password", "sesame"),
                member("u_p2").put("password", "wrong"), member("u_p3"),
                member("u_h").put("hostToken", room.hostToken()))), 200);
        assertEquals("joined", a.path("results").get(0).path("status").asText());
        assertEquals("wrong_password", a.path("results").get(1).path("error").path("code").asText());
        assertEquals("password_required", a.path("results").get(2).path("error").path("code").asText());
        assertTrue(a.path("results").get(3).path("you").path("isHost").asBoolean(), "the host needs no password");
        assertEquals("rejoined", post(room.roomId(), batch("gw-b", List.of(member("u_p1"))), 200)
                .path("results").get(0).path("status").asText());
        assertTrue(a.toString().indexOf("sesame") < 0, "the password is never echoed");
    }

    @Test
    @DisplayName("an unknown room refuses the whole batch with 404 room_not_found; empty, oversize and gateway-less batches are 400")
    void refusedWhole() {
        assertEquals("room_not_found", post("AAAAAAAAAAAA", batch("gw-b", guests("u_n", 3)), 404)
                .path("error").path("code").asText());
        Api.Room room = Api.createRoom("limits");
        assertEquals("bad_message", post(room.roomId(), batch("gw-b", List.of()), 400).path("error").path("code").asText());
        assertEquals("bad_message", post(room.roomId(), batch("gw-b", guests("u_o", 257)), 400).path("error").path("code").asText());
        ObjectNode noGateway = batch("gw-b", guests("u_g", 1));
        noGateway.remove("gatewayId");
        assertEquals("bad_message", post(room.roomId(), noGateway, 400).path("error").path("code").asText());
        assertEquals(0, members(room.roomId()));
        assertEquals(99, ok(post(room.roomId(), batch("gw-b", guests("u_max", 256)), 200)),
                "256 members in one call are allowed (99 get in at the limit of 100)");
    }

    @Test
    @DisplayName("a repeated batch is idempotent: same members rejoin, no second member, no second user:joined")
    void idempotent() {
        Api.Room room = Api.createRoom("again");
        post(room.roomId(), batch("gw-b", guests("u_i", 10)), 200);
        EventTap.get().await(room.roomId(), "user:joined");
        JsonNode again = post(room.roomId(), batch("gw-b", guests("u_i", 10)), 200);
        for (JsonNode r : again.path("results")) {
            assertEquals("rejoined", r.path("status").asText());
        }
        assertEquals(10, members(room.roomId()));
        Api.joinGuest(room.roomId(), "u_marker").statusCode(200);
        org.awaitility.Awaitility.await().until(() -> EventTap.get().of(room.roomId()).stream()
                .anyMatch(e -> e.message() instanceof dev.roomcast.protocol.message.ServerMessage.UserJoined j
                        && j.userId().equals("u_marker")));
        Set<String> seen = new HashSet<>();
        for (var e : EventTap.get().of(room.roomId())) {
            if (e.message() instanceof dev.roomcast.protocol.message.ServerMessage.UserJoined j) {
                assertTrue(seen.add(j.userId()), "user:joined twice for " + j.userId());
            }
        }
        assertEquals(11, seen.size());
    }

    @Test
    @DisplayName("concurrent batches from 4 gateways (200 guests, limit 100) are atomic: exactly 99 admitted in all, every member once")
    void concurrentBatches() {
        Api.Room room = Api.createRoom("rush");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int g = 0; g < 4; g++) {
            String body = batch("gw-r" + g, guests("u_r" + g + "_", 50)).toString();
            calls.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("rooms/" + room.roomId() + "/members/batch"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long admitted = 0;
        long full = 0;
        for (var c : calls) {
            HttpResponse<String> r = c.join();
            assertEquals(200, r.statusCode(), r.body());
            try {
                for (JsonNode x : JSON.readTree(r.body()).path("results")) {
                    if (x.has("error")) {
                        assertEquals("room_full", x.path("error").path("code").asText());
                        full++;
                    } else {
                        assertEquals("joined", x.path("status").asText());
                        admitted++;
                    }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(99, admitted);
        assertEquals(101, full);
        assertEquals(99, members(room.roomId()));
    }

    @Test
    @DisplayName("GET /rooms/{id} still lists everyone; a join into a room over 100 lists at most 100 (host first) with the full participantCount")
    void capped() {
        // MAX_USERS_PER_ROOM is 100 here, so fill past it by writing members directly (as other gateways would have)
        Api.Room room = Api.createRoom("big");
        Api.joinHost(room).statusCode(200);
        for (int i = 0; i < 150; i++) {
            redis.hash(String.class).hset(RedisKeys.members(room.roomId()), "u_big" + i,
                    "{\"userId\":\"u_big" + i + "\",\"username\":\"G" + i + "\",\"isHost\":false,\"gatewayId\":\"gw-x\",\"joinedAt\":" + i + "}");
        }
        JsonNode a = post(room.roomId(), batch("gw-b", List.of(member("u_big7"))), 200);
        assertEquals(151, a.path("room").path("participantCount").asInt());
        JsonNode p = a.path("room").path("participants");
        assertTrue(p.size() <= 100 && p.size() >= 50, "capped: " + p.size());
        assertEquals(room.hostId(), p.get(0).path("userId").asText());
        assertEquals(150, a.path("room").path("stats").path("guestCount").asInt());
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("participants.size()", is(151)).body("participantCount", is(151));
    }
}
