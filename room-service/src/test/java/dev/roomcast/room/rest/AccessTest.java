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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Who reaches a room: the public list (listed or not) and the room password with its try limit. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class AccessTest {

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static void goLive(Api.Room room) {
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
    }

    private static List<String> listedIds() {
        return given().when().get("/rooms").then().statusCode(200).extract().jsonPath().getList("roomId");
    }

    private static void settings(Api.Room room, Map<String, Object> body) {
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(body)
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200);
    }

    @Test
    @DisplayName("a room is unlisted by default: live, it is not in GET /rooms but its details answer; a listed one is; settings move it on and off the list and tell the room")
    void listing() {
        Api.Room hidden = Api.createRoom("hidden");
        Api.Room shown = Api.createRoom("shown", true);
        for (Api.Room r : List.of(hidden, shown)) {
            Api.joinHost(r).statusCode(200);
            goLive(r);
        }
        List<String> ids = listedIds();
        assertFalse(ids.contains(hidden.roomId()), "an unlisted live room is not listed");
        assertTrue(ids.contains(shown.roomId()), "a listed live room is");
        assertFalse(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS_LIVE, hidden.roomId()).isPresent(),
                "an unlisted room stays out of the live list");
        given().when().get("/rooms/{id}", hidden.roomId()).then().statusCode(200)
                .body("listed", is(false)).body("isLive", is(true));
        given().when().get("/rooms/{id}", shown.roomId()).then().statusCode(200).body("listed", is(true));

        settings(hidden, Map.of("listed", true));
        assertTrue(listedIds().contains(hidden.roomId()), "listed while live: on the list at once");
        var changed = (ServerMessage.RoomSettingsChanged) EventTap.get().await(hidden.roomId(), "room:settings").message();
        assertTrue(changed.listed());
        settings(shown, Map.of("listed", false));
        assertFalse(listedIds().contains(shown.roomId()), "unlisted while live: off the list at once");
        given().when().get("/rooms/{id}", shown.roomId()).then().body("listed", is(false)).body("preset", is("party"));

        // listed before going live: on the list from the start of the broadcast
        Api.Room later = Api.createRoom("later");
        settings(later, Map.of("listed", true));
        assertFalse(listedIds().contains(later.roomId()), "not live: not listed");
        Api.joinHost(later).statusCode(200);
        goLive(later);
        assertTrue(listedIds().contains(later.roomId()));
    }

    @Test
    @DisplayName("listed must be a boolean; settings with nothing to change are bad_message")
    void listedIsABoolean() {
        given().contentType(ContentType.JSON).body("{\"roomName\":\"x\",\"listed\":\"yes\"}").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).body("{\"roomName\":\"x\",\"listed\":1}").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).body("\"just a name\"").when().post("/rooms")
                .then().statusCode(400).body("error.code", is("bad_message"));
        Api.Room room = Api.createRoom("typed");
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body("{\"listed\":\"true\"}")
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body("{}")
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer not-the-token").body("{\"listed\":true}")
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(403).body("error.code", is("forbidden"));
        given().when().get("/rooms/{id}", room.roomId()).then().body("listed", is(false));
    }

    @Test
    @DisplayName("no password is password_required, a wrong one wrong_password; the 6th wrong one in the window is too_many_attempts with retryAfter, the right one too, until the window ends; other addresses are not held up")
    void passwordTries() {
        Api.Room room = Api.createRoom("locked");
        settings(room, Map.of("password", "4711"));
        String id = room.roomId();
        String ip = "203.0.113.7";
        Api.join(id, "gw-a", "u_try00000", null, null, null, ip).statusCode(403).body("error.code", is("password_required"));
        Api.join(id, "gw-a", "u_try00000", null, null, "", ip).statusCode(403).body("error.code", is("password_required"));
        for (int i = 1; i <= 5; i++) {
            Api.join(id, "gw-a", "u_try00000", null, null, "000" + i, ip).statusCode(403)
                    .body("error.code", is("wrong_password"));
        }
        Api.join(id, "gw-a", "u_try00000", null, null, "0006", ip).statusCode(429)
                .body("error.code", is("too_many_attempts"))
                .body("error.retryAfter", allOf(greaterThan(0), lessThanOrEqualTo(60)))
                .body("error.message", containsString("try again in"));
        Api.join(id, "gw-a", "u_try00000", null, null, "4711", ip).statusCode(429)
                .body("error.code", is("too_many_attempts"));
        // the same counter for every address of one IPv6 /64
        String v6 = "2001:db8:1:2::a";
        for (int i = 1; i <= 5; i++) {
            Api.join(id, "gw-a", "u_try00001", null, null, "x" + i, "2001:db8:1:2::" + Integer.toHexString(i)).statusCode(403);
        }
        Api.join(id, "gw-a", "u_try00001", null, null, "4711", v6).statusCode(429).body("error.code", is("too_many_attempts"));
        // another address is not held up, and right tries do not count
        for (int i = 0; i < 7; i++) {
            Api.join(id, "gw-b", "u_try0001" + i, null, null, "4711", "198.51.100.2").statusCode(200);
        }
        // the window ends (backdated: the counter expires)
        redis.key(String.class).del(RedisKeys.passwordTries(id, ip));
        Api.join(id, "gw-a", "u_try00000", null, null, "4711", ip).statusCode(200);
        Api.joinHost(room).statusCode(200); // the host is never asked
    }

    @Test
    @DisplayName("a batch of wrong passwords from one address is counted one by one: 5 wrong_password, the rest too_many_attempts, a right one among them too")
    void batchIsCounted() {
        Api.Room room = Api.createRoom("walk");
        settings(room, Map.of("password", "1234"));
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            members.append(i == 0 ? "" : ",").append("{\"userId\":\"u_walk").append(i < 10 ? "0" : "").append(i)
                    .append("\",\"password\":\"").append(i == 11 ? "1234" : "99" + i).append("\",\"address\":\"192.0.2.9\"}");
        }
        List<String> codes = given().contentType(ContentType.JSON)
                .body("{\"gatewayId\":\"gw-a\",\"members\":[" + members + "]}")
                .when().post("/rooms/{id}/members/batch", room.roomId()).then().statusCode(200)
                .extract().jsonPath().getList("results.error.code");
        assertEquals(5, codes.stream().filter("wrong_password"::equals).count(), codes.toString());
        assertEquals(7, codes.stream().filter("too_many_attempts"::equals).count(), codes.toString());
        assertEquals("too_many_attempts", codes.get(11), "the right password after 5 wrong ones is refused too");
    }

    @Test
    @DisplayName("changing or removing the password keeps the guests who are in; a guest already in rejoins without it")
    void changeKeepsGuests() {
        Api.Room room = Api.createRoom("keep");
        settings(room, Map.of("password", "old"));
        Api.join(room.roomId(), "gw-a", "u_keep0001", null, null, "old", "192.0.2.10").statusCode(200);
        settings(room, Map.of("password", "new"));
        assertTrue(redis.hash(String.class).hexists(RedisKeys.members(room.roomId()), "u_keep0001"), "still in");
        Api.join(room.roomId(), "gw-a", "u_keep0001", null, null, null, "192.0.2.10").statusCode(200);
        Api.join(room.roomId(), "gw-a", "u_keep0002", null, null, "old", "192.0.2.10").statusCode(403)
                .body("error.code", is("wrong_password"));
        settings(room, Map.of("password", ""));
        Api.join(room.roomId(), "gw-a", "u_keep0002", null, null, null, "192.0.2.10").statusCode(200);
        given().when().get("/rooms/{id}", room.roomId()).then().body("hasPassword", is(false))
                .body("$", not(hasKey("password")));
    }

    @Test
    @DisplayName("a malformed address is bad_message")
    void addressIsChecked() {
        Api.Room room = Api.createRoom("addr");
        Api.join(room.roomId(), "gw-a", "u_addr0001", null, null, null, "1.2.3.4; DROP").statusCode(400)
                .body("error.code", is("bad_message"));
        Api.join(room.roomId(), "gw-a", "u_addr0001", null, null, null, "x".repeat(65)).statusCode(400);
        Api.join(room.roomId(), "gw-a", "u_addr0001", null, null, null, "fe80::1%eth0").statusCode(200);
    }
}
