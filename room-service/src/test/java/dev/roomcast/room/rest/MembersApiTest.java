package dev.roomcast.room.rest;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class MembersApiTest {

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    @Test
    @DisplayName("a guest joins with its name, is recorded with its gateway, and the room hears user:joined")
    void guestJoins() {
        Api.Room room = Api.createRoom("join");
        Api.join(room.roomId(), "gw-a", "u_guest0001", " Ann ", null, null).statusCode(200)
                .body("you.userId", is("u_guest0001"))
                .body("you.username", is("Ann"))
                .body("you.isHost", is(false))
                .body("room.roomId", is(room.roomId()))
                .body("room.participants.userId", hasItem("u_guest0001"));
        String json = redis.hash(String.class).hget(RedisKeys.members(room.roomId()), "u_guest0001");
        assertTrue(json.contains("\"gatewayId\":\"gw-a\""));
        assertTrue(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-a")).contains(room.roomId() + " u_guest0001"));
        var joined = (ServerMessage.UserJoined) EventTap.get().await(room.roomId(), "user:joined").message();
        assertEquals("u_guest0001", joined.userId());
        assertEquals("Ann", joined.username());
        assertEquals(1, joined.participantCount());
    }

    @Test
    @DisplayName("a valid host token makes the member the host with the room's host id, and host:status connected is published")
    void hostJoins() {
        Api.Room room = Api.createRoom("hosting");
        Api.join(room.roomId(), "gw-a", "u_gatewayid1", null, room.hostToken(), null).statusCode(200)
                .body("you.userId", is(room.hostId()))
                .body("you.isHost", is(true))
                .body("room.hostConnected", is(true));
        var status = (ServerMessage.HostStatus) EventTap.get().await(room.roomId(), "host:status").message();
        assertTrue(status.connected());
        var joined = (ServerMessage.UserJoined) EventTap.get().await(room.roomId(), "user:joined").message();
        assertTrue(joined.isHost());
    }

    @Test
    @DisplayName("a wrong host token on join is 403 forbidden (as on every host route), and a guest cannot take the host's user id")
    void joinTokenChecks() {
        Api.Room room = Api.createRoom("tokens");
        Api.join(room.roomId(), "gw-a", "u_someone1", null, "not-the-token", null).statusCode(403)
                .body("error.code", is("forbidden"));
        Api.join(room.roomId(), "gw-a", room.hostId(), null, null, null).statusCode(403);
        Api.join(room.roomId(), "gw-a", "u_someone1", null, "", null).statusCode(400).body("error.code", is("bad_message"));
    }

    @Test
    @DisplayName("join bodies are validated: ids, names, missing body")
    void joinValidation() {
        Api.Room room = Api.createRoom("validation");
        Api.join(room.roomId(), null, "u_x", null, null, null).statusCode(400).body("error.code", is("bad_message"));
        Api.join(room.roomId(), "gw-a", null, null, null, null).statusCode(400).body("error.code", is("bad_message"));
        Api.join(room.roomId(), "gw a", "u_x", null, null, null).statusCode(400);
        Api.join(room.roomId(), "gw-a", "u_x", "\u0000\u0001", null, null).statusCode(400).body("error.code", is("invalid_name"));
        Api.join(room.roomId(), "gw-a", "u_x", "n".repeat(33), null, null).statusCode(400).body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).when().post("/rooms/{id}/members", room.roomId())
                .then().statusCode(400).body("error.code", is("bad_message"));
        Api.join("bad", "gw-a", "u_x", null, null, null).statusCode(400).body("error.code", is("invalid_room_id"));
    }

    @Test
    @DisplayName("a guest without a name gets a default one, and joining twice keeps one membership")
    void rejoinIsIdempotent() {
        Api.Room room = Api.createRoom("rejoin");
        Api.joinGuest(room.roomId(), "u_twice0001").statusCode(200).body("you.username", startsWith("Guest_"));
        Api.join(room.roomId(), "gw-b", "u_twice0001", null, null, null).statusCode(200);
        assertEquals(1, redis.hash(String.class).hlen(RedisKeys.members(room.roomId())));
        assertFalse(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-test")).contains(room.roomId() + " u_twice0001"),
                "moving to another gateway leaves the old gateway's set");
        assertTrue(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-b")).contains(room.roomId() + " u_twice0001"));
        assertEquals(1, EventTap.get().typesOf(room.roomId()).stream().filter("user:joined"::equals).count());
    }

    @Test
    @DisplayName("leaving removes the member and publishes user:left; leaving again is a no-op 204")
    void guestLeaves() {
        Api.Room room = Api.createRoom("leave");
        Api.joinGuest(room.roomId(), "u_leaver001").statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_leaver001").then().statusCode(204);
        var left = (ServerMessage.UserLeft) EventTap.get().await(room.roomId(), "user:left").message();
        assertEquals("u_leaver001", left.userId());
        assertEquals(0, left.participantCount());
        assertNull(redis.hash(String.class).hget(RedisKeys.members(room.roomId()), "u_leaver001"));
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_leaver001").then().statusCode(204);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "bad id!").then().statusCode(400);
    }

    @Test
    @DisplayName("the host's name is the host's: a guest cannot join or rename as it, in any case, width or confusable letters (409 name_taken);"
            + " other names, the host itself, and everyone while the host is away are fine")
    void hostNameIsReserved() {
        Api.Room room = Api.createRoom("impostors");
        Api.join(room.roomId(), "gw-a", "u_gwhost001", "DJ Ana", room.hostToken(), null).statusCode(200).body("you.username", is("DJ Ana"));
        // the same, lower case, full-width letters, a Cyrillic А, mixed case: one name to a reader
        for (String impostor : new String[] {"DJ Ana", "dj ana", "ＤＪ Ana", "DJ \u0410na", "Dj ANA"}) {
            Api.join(room.roomId(), "gw-a", "u_impost001", impostor, null, null).statusCode(409)
                    .body("error.code", is("name_taken"));
        }
        Api.join(room.roomId(), "gw-a", "u_impost001", "DJ Anna", null, null).statusCode(200).body("you.username", is("DJ Anna"));
        given().contentType(ContentType.JSON).body(Map.of("username", "DJ \u0410NA"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_impost001").then().statusCode(409)
                .body("error.code", is("name_taken"));
        given().contentType(ContentType.JSON).body(Map.of("username", "DJ Ana!"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_impost001").then().statusCode(200);
        // the host renames itself as it likes
        given().contentType(ContentType.JSON).body(Map.of("username", "dj ana"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(200);
        // while the host is away its name is not held
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(anyOf(is(200), is(204)));
        Api.join(room.roomId(), "gw-a", "u_impost002", "DJ Ana", null, null).statusCode(200);
    }

    @Test
    @DisplayName("renaming validates the name, answers the participant and publishes user:renamed; strangers are 404")
    void rename() {
        Api.Room room = Api.createRoom("rename");
        Api.joinGuest(room.roomId(), "u_renamed01").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("username", " Bob "))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_renamed01").then().statusCode(200)
                .body("userId", is("u_renamed01")).body("username", is("Bob")).body("isHost", is(false));
        var renamed = (ServerMessage.UserRenamed) EventTap.get().await(room.roomId(), "user:renamed").message();
        assertEquals("Bob", renamed.username());
        given().contentType(ContentType.JSON).body(Map.of("username", ""))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_renamed01").then().statusCode(400)
                .body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).body(Map.of("username", "Zed"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_stranger1").then().statusCode(404)
                .body("error.code", is("not_in_room"));
    }

    @Test
    @DisplayName("a kicked guest gets room:kicked, leaves with user:left, and cannot come back (403 kicked)")
    void kick() {
        Api.Room room = Api.createRoom("kick");
        Api.joinHost(room).statusCode(200);
        Api.joinGuest(room.roomId(), "u_kicked001").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer nope").body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(403);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", room.hostId()))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(400);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_nobody0001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(404).body("error.code", is("not_in_room"));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);
        var kicked = EventTap.get().await(room.roomId(), "room:kicked");
        assertEquals("u_kicked001", kicked.toUserId());
        var left = (ServerMessage.UserLeft) EventTap.get().await(room.roomId(), "user:left").message();
        assertEquals("u_kicked001", left.userId());
        Api.joinGuest(room.roomId(), "u_kicked001").statusCode(403).body("error.code", is("kicked"));
    }

    @Test
    @DisplayName("a password-protected room refuses guests without the right password (403) but lets the host in")
    void password() {
        Api.Room room = Api.createRoom("secret");
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("password", "hunter2"))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200).body("hasPassword", is(true));
        assertFalse(redis.hash(String.class).hgetall(RedisKeys.room(room.roomId())).containsValue("hunter2"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, null).statusCode(403).body("error.code", is("password_required"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, "wrong").statusCode(403).body("error.code", is("wrong_password"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, "hunter2").statusCode(200);
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("password", ""))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200).body("hasPassword", is(false));
        Api.joinGuest(room.roomId(), "u_pw000002").statusCode(200);
    }

    @Test
    @DisplayName("the host leaving a live room publishes host:status false; rejoining within the grace period reconnects it")
    void hostRejoinsWithinGrace() {
        Api.Room room = Api.createRoom("grace");
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(204);
        EventTap.get().await(room.roomId(), "user:left");
        given().when().get("/rooms/{id}", room.roomId()).then().body("hostConnected", is(false)).body("isLive", is(true));
        Api.joinHost(room).statusCode(200).body("room.hostConnected", is(true)).body("room.isLive", is(true));
        org.awaitility.Awaitility.await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.HostStatus).count() == 3);
        var statuses = EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.HostStatus)
                .map(e -> ((ServerMessage.HostStatus) e.message()).connected()).toList();
        assertEquals(java.util.List.of(true, false, true), statuses);
        // the grace period (2 s in tests) passes with the host back: the broadcast stays live
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(6))
                .until(() -> given().get("/rooms/{id}", room.roomId()).jsonPath().getBoolean("isLive"));
        assertFalse(EventTap.get().typesOf(room.roomId()).contains("broadcast:stopped"));
    }

    @Test
    @DisplayName("a host who does not come back within the grace period loses the broadcast: broadcast:stopped host_lost")
    void hostLost() {
        Api.Room room = Api.createRoom("lost");
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(204);
        var stopped = (ServerMessage.BroadcastStopped) EventTap.get().await(room.roomId(), "broadcast:stopped").message();
        assertEquals("host_lost", stopped.reason());
        given().when().get("/rooms/{id}", room.roomId()).then().body("isLive", is(false)).body("$", not(hasKey("audioConfig")));
    }
}
