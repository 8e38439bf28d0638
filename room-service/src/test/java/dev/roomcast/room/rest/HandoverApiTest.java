package dev.roomcast.room.rest;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The host on another device (issue #16 item 7): a one-time handover secret buys a fresh host token. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class HandoverApiTest {

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static ValidatableResponse post(String path, String roomId, String auth) {
        var req = given();
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().post("/rooms/{id}/" + path, roomId).then();
    }

    private static ValidatableResponse bans(String roomId, String token) {
        return given().header("Authorization", "Bearer " + token).when().get("/rooms/{id}/bans", roomId).then();
    }

    @Test
    @DisplayName("the host makes a link; its secret, used once, gives a new host token; the old token stops working; the old host is told")
    void handOver() {
        Api.Room room = Api.createRoom("handover");
        Api.joinHost(room).statusCode(200);
        post("handover", room.roomId(), null).statusCode(401);
        post("handover", room.roomId(), "Bearer not-the-token").statusCode(403).body("error.code", is("forbidden"));
        String secret = post("handover", room.roomId(), room.bearer()).statusCode(200)
                .body("expiresAt", greaterThan(System.currentTimeMillis() + 9 * 60_000))
                .extract().path("handoverToken");
        assertNotNull(secret);
        assertNotEquals(room.hostToken(), secret);
        assertFalse(redis.hash(String.class).hgetall(RedisKeys.room(room.roomId())).containsValue(secret), "only its hash is stored");

        String fresh = post("host-token", room.roomId(), "Bearer " + secret).statusCode(200).extract().path("hostToken");
        assertNotNull(fresh);
        assertNotEquals(room.hostToken(), fresh);
        bans(room.roomId(), fresh).statusCode(200);
        bans(room.roomId(), room.hostToken()).statusCode(403);
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e -> room.hostId().equals(e.toUserId())
                && e.message() instanceof ServerMessage.HostMoved m && m.at() > 0));
        // once only
        post("host-token", room.roomId(), "Bearer " + secret).statusCode(403).body("error.code", is("forbidden"));
        post("host-token", room.roomId(), null).statusCode(401);
        // the new device joins as the host, with the room's host id
        Api.join(room.roomId(), "gw-b", "u_phone00001", "Phone", fresh, null).statusCode(200)
                .body("you.isHost", is(true)).body("you.userId", is(room.hostId()));
    }

    @Test
    @DisplayName("a newer link replaces the last; an expired one says so; another room's secret does nothing")
    void replacedAndExpired() {
        Api.Room room = Api.createRoom("handover twice");
        Api.Room other = Api.createRoom("other room");
        Api.joinHost(room).statusCode(200);
        String first = post("handover", room.roomId(), room.bearer()).statusCode(200).extract().path("handoverToken");
        String second = post("handover", room.roomId(), room.bearer()).statusCode(200).extract().path("handoverToken");
        post("host-token", room.roomId(), "Bearer " + first).statusCode(403).body("error.message", containsString("newer one"));
        String otherSecret = post("handover", other.roomId(), other.bearer()).statusCode(200).extract().path("handoverToken");
        post("host-token", room.roomId(), "Bearer " + otherSecret).statusCode(403);
        redis.hash(String.class).hset(RedisKeys.room(room.roomId()), "handoverUntil", String.valueOf(System.currentTimeMillis() - 1));
        post("host-token", room.roomId(), "Bearer " + second).statusCode(403).body("error.message", containsString("expired"));
        bans(room.roomId(), room.hostToken()).statusCode(200); // nothing changed for the host
        post("host-token", "AbC123_-xYz9", "Bearer " + second).statusCode(404).body("error.code", is("room_not_found"));
    }
}
