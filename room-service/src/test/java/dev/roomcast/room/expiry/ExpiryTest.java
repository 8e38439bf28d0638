package dev.roomcast.room.expiry;

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
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Tests run with the 1 h default timeout and a 1 s sweep; they make a room look idle by moving its last activity back. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ExpiryTest {
    private static final long TWO_HOURS = Duration.ofHours(2).toMillis();

    @Inject
    RedisDataSource redis;

    @Inject
    RoomTopics topics;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private void makeIdle(String roomId) {
        redis.sortedSet(String.class).zadd(RedisKeys.ROOMS_ACTIVITY, System.currentTimeMillis() - TWO_HOURS, roomId);
    }

    @Test
    @DisplayName("an empty room idle longer than the timeout is closed: room:closed inactive, keys and topic deleted")
    void idleRoomCloses() {
        Api.Room room = Api.createRoom("idle");
        Api.joinGuest(room.roomId(), "u_idle00001").statusCode(200);
        given().delete("/rooms/{id}/members/{u}", room.roomId(), "u_idle00001").then().statusCode(204);
        redis.set(String.class).sadd(RedisKeys.kicked(room.roomId()), "u_someone");
        redis.list(String.class).rpush(RedisKeys.chat(room.roomId()), "{}");
        assertTrue(topics.exists(room.roomId()));
        makeIdle(room.roomId());
        var closed = (ServerMessage.RoomClosed) EventTap.get().await(room.roomId(), "room:closed").message();
        assertEquals("inactive", closed.reason());
        assertEquals(0, redis.key(String.class).exists(RedisKeys.room(room.roomId()), RedisKeys.members(room.roomId()),
                RedisKeys.kicked(room.roomId()), RedisKeys.chat(room.roomId())));
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS, room.roomId()).isEmpty());
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.ROOMS_ACTIVITY, room.roomId()).isEmpty());
        await().until(() -> !topics.exists(room.roomId()));
        given().get("/rooms/{id}", room.roomId()).then().statusCode(404);
    }

    @Test
    @DisplayName("an idle room that still has members or is live stays open, and counts as active again")
    void busyRoomsStay() {
        Api.Room withGuest = Api.createRoom("occupied");
        Api.joinGuest(withGuest.roomId(), "u_stay00001").statusCode(200);
        Api.Room live = Api.createRoom("onair");
        given().contentType(ContentType.JSON).header("Authorization", live.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", live.roomId()).then().statusCode(200);
        long old = System.currentTimeMillis() - TWO_HOURS;
        makeIdle(withGuest.roomId());
        makeIdle(live.roomId());
        await().until(() -> redis.sortedSet(String.class).zscore(RedisKeys.ROOMS_ACTIVITY, withGuest.roomId()).orElse(0) > old + 1000
                && redis.sortedSet(String.class).zscore(RedisKeys.ROOMS_ACTIVITY, live.roomId()).orElse(0) > old + 1000);
        given().get("/rooms/{id}", withGuest.roomId()).then().statusCode(200);
        given().get("/rooms/{id}", live.roomId()).then().statusCode(200);
        assertFalse(EventTap.get().typesOf(withGuest.roomId()).contains("room:closed"));
        assertFalse(EventTap.get().typesOf(live.roomId()).contains("room:closed"));
    }
}
