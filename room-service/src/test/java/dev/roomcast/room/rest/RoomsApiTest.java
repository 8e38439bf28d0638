package dev.roomcast.room.rest;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.room.topics.RoomTopics;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RoomsApiTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RoomTopics topics;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    @Test
    @DisplayName("creating a room answers its id, host id and token, stores only the token's hash, and creates its audio topic")
    void createsRoom() {
        var j = given().contentType(ContentType.JSON).body(Map.of("roomName", "  Friday \u0007mix "))
                .when().post("/rooms").then().statusCode(201)
                .body("roomName", is("Friday mix"))
                .body("roomId", matchesPattern("[A-Za-z0-9_-]{12}"))
                .body("hostId", startsWith("u_"))
                .body("hostToken", notNullValue())
                .body("createdAt", greaterThan(0L))
                .extract().jsonPath();
        String roomId = j.getString("roomId");
        String token = j.getString("hostToken");
        Map<String, String> hash = redis.hash(String.class).hgetall(RedisKeys.room(roomId));
        assertFalse(hash.containsValue(token), "the token itself is never stored");
        assertEquals(64, hash.get("tokenHash").length());
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS, roomId).isPresent());
        assertTrue(topics.exists(roomId));
    }

    @Test
    @DisplayName("a room name that is missing, empty or too long is refused with invalid_name; no body is bad_message")
    void refusesBadNames() {
        given().contentType(ContentType.JSON).body("{}").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).body(Map.of("roomName", "   ")).when().post("/rooms")
                .then().statusCode(400).body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).body(Map.of("roomName", "x".repeat(65))).when().post("/rooms")
                .then().statusCode(400).body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).body("{\"roomName\": 12}").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).body("{\"roomName\": ").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_json"));
        given().contentType(ContentType.JSON).body("{\"roomName\":\"x\"} []").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_json"));
        given().contentType(ContentType.JSON).body(Map.of("roomName", "\u200b\u00a0\u200b")).when().post("/rooms")
                .then().statusCode(400).body("error.code", is("invalid_name"));
    }

    @Test
    @DisplayName("the room list shows only live rooms, each once, most participants first, with host id, host name and counts")
    void listsLiveRooms() {
        Api.Room idle = Api.createRoom("idle", true);
        Api.joinHost(idle).statusCode(200);
        Api.Room small = Api.createRoom("small", true);
        Api.joinHost(small).statusCode(200);
        Api.Room big = Api.createRoom("big", true);
        Api.joinHost(big).statusCode(200);
        Api.joinGuest(big.roomId(), "u_listguest1").statusCode(200);
        Api.joinGuest(big.roomId(), "u_listguest2").statusCode(200);
        Api.Room stopped = Api.createRoom("stopped", true);
        for (Api.Room r : List.of(small, big, stopped)) {
            given().contentType(ContentType.JSON).header("Authorization", r.bearer()).body(Api.audioConfigJson())
                    .when().post("/rooms/{id}/broadcast", r.roomId()).then().statusCode(200);
        }
        given().header("Authorization", stopped.bearer()).when().delete("/rooms/{id}/broadcast", stopped.roomId())
                .then().statusCode(204);
        List<Map<String, Object>> rooms = given().when().get("/rooms").then().statusCode(200)
                .extract().jsonPath().getList("$");
        List<Object> ids = rooms.stream().map(r -> r.get("roomId")).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size(), "each room once: " + ids);
        assertFalse(ids.contains(idle.roomId()), "a room that is not live is not listed");
        assertFalse(ids.contains(stopped.roomId()), "a stopped broadcast is not listed");
        assertTrue(ids.indexOf(big.roomId()) >= 0 && ids.indexOf(big.roomId()) < ids.indexOf(small.roomId()),
                "most participants first: " + rooms);
        assertTrue(rooms.stream().allMatch(r -> Boolean.TRUE.equals(r.get("isLive"))));
        Map<String, Object> b = rooms.get(ids.indexOf(big.roomId()));
        assertEquals("big", b.get("roomName"));
        assertEquals(big.hostId(), b.get("hostId"));
        assertEquals("Hosty", b.get("hostName"));
        assertEquals(3, b.get("participantCount"));
        assertEquals(2, b.get("guestCount"));
        for (int i = 1; i < rooms.size(); i++) {
            assertTrue((Integer) rooms.get(i - 1).get("participantCount") >= (Integer) rooms.get(i).get("participantCount"));
        }
        assertTrue(rooms.size() <= 100);
    }

    @Test
    @DisplayName("room details list the participants, host first, and the room's preset; never the token")
    void showsDetails() {
        Api.Room room = Api.createRoom("details");
        Api.joinGuest(room.roomId(), "u_detailsg1").statusCode(200);
        Api.joinHost(room).statusCode(200);
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("roomId", is(room.roomId()))
                .body("roomName", is("details"))
                .body("hostId", is(room.hostId()))
                .body("participants[0].userId", is(room.hostId()))
                .body("participants[0].isHost", is(true))
                .body("participants[1].userId", is("u_detailsg1"))
                .body("isLive", is(false))
                .body("preset", is("party"))
                .body("playoutDelayMs", is(1200))
                .body("hasPassword", is(false))
                .body("hostConnected", is(true))
                .body("stats.guestCount", is(1))
                .body("$", not(hasKey("audioConfig")))
                .body("$", not(hasKey("hostToken")))
                .body(not(containsString(room.hostToken())));
    }

    @Test
    @DisplayName("an invalid room id is 400 invalid_room_id and an unknown one 404 room_not_found, on every route")
    void refusesBadIds() {
        given().when().get("/rooms/{id}", "bad!").then().statusCode(400).body("error.code", is("invalid_room_id"));
        given().when().get("/rooms/{id}/stats", "short").then().statusCode(400).body("error.code", is("invalid_room_id"));
        given().when().get("/rooms/{id}", "AAAAAAAAAAAA").then().statusCode(404)
                .body("error.code", is("room_not_found")).body("error.message", notNullValue());
        given().when().get("/rooms/{id}/stats", "AAAAAAAAAAAA").then().statusCode(404).body("error.code", is("room_not_found"));
        given().header("Authorization", "Bearer x").when().delete("/rooms/{id}", "AAAAAAAAAAAA").then().statusCode(404);
        Api.joinGuest("AAAAAAAAAAAA", "u_nobody").statusCode(404).body("error.code", is("room_not_found"));
        given().when().delete("/rooms/{id}/members/{u}", "AAAAAAAAAAAA", "u_x").then().statusCode(404);
    }

    @Test
    @DisplayName("closing needs the host token: 401 without it, 403 with a wrong one, and the room stays")
    void closeNeedsToken() {
        Api.Room room = Api.createRoom("guarded");
        given().when().delete("/rooms/{id}", room.roomId()).then().statusCode(401).body("error.code", is("unauthorized"));
        given().header("Authorization", "Basic abc").when().delete("/rooms/{id}", room.roomId()).then().statusCode(401);
        given().header("Authorization", "Bearer " + room.hostToken() + "x").when().delete("/rooms/{id}", room.roomId())
                .then().statusCode(403).body("error.code", is("forbidden"));
        Api.Room other = Api.createRoom("other");
        given().header("Authorization", other.bearer()).when().delete("/rooms/{id}", room.roomId()).then().statusCode(403);
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200);
    }

    @Test
    @DisplayName("the host closing a room publishes room:closed and deletes its keys, its chat and its topic")
    void hostCloses() {
        Api.Room room = Api.createRoom("closing");
        Api.joinHost(room).statusCode(200);
        Api.joinGuest(room.roomId(), "u_closeg1").statusCode(200);
        redis.list(String.class).rpush(RedisKeys.chat(room.roomId()), "{}");
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}", room.roomId())
                .then().statusCode(200).body("success", is(true));
        var closed = (ServerMessage.RoomClosed) EventTap.get().await(room.roomId(), "room:closed").message();
        assertEquals("host", closed.reason());
        assertEquals(0, redis.key(String.class).exists(RedisKeys.room(room.roomId()), RedisKeys.members(room.roomId()),
                RedisKeys.kicked(room.roomId()), RedisKeys.chat(room.roomId())));
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS, room.roomId()).isEmpty());
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS_ACTIVITY, room.roomId()).isEmpty());
        assertFalse(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-test"))
                .contains(room.roomId() + " u_closeg1"));
        await().until(() -> !topics.exists(room.roomId()));
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(404);
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}", room.roomId()).then().statusCode(404);
    }
}
