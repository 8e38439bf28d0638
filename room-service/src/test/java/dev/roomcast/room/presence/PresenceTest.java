package dev.roomcast.room.presence;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The reaper runs every second in tests; a gateway is made silent by moving its last heartbeat back. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PresenceTest {

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    @Test
    @DisplayName("a heartbeat records the gateway's time; bad gateway ids are 400")
    void heartbeat() {
        given().put("/gateways/{g}", "gw-beat").then().statusCode(204);
        double score = redis.sortedSet(String.class).zscore(RedisKeys.GATEWAYS, "gw-beat").orElseThrow();
        assertTrue(Math.abs(score - System.currentTimeMillis()) < 10_000);
        given().put("/gateways/{g}", "bad gateway").then().statusCode(400);
    }

    @Test
    @DisplayName("the members of a gateway silent for 30 s are removed with user:left (and host:status for the host); others stay")
    void reapsDeadGateway() {
        Api.Room room = Api.createRoom("reaped");
        given().put("/gateways/{g}", "gw-dead").then().statusCode(204);
        given().put("/gateways/{g}", "gw-alive").then().statusCode(204);
        Api.join(room.roomId(), "gw-dead", "u_host_any", null, room.hostToken(), null).statusCode(200);
        Api.join(room.roomId(), "gw-dead", "u_deadguest", null, null, null).statusCode(200);
        Api.join(room.roomId(), "gw-alive", "u_liveguest", null, null, null).statusCode(200);
        // a member that moved from the dead gateway to a live one before it died stays
        Api.join(room.roomId(), "gw-dead", "u_mover0001", null, null, null).statusCode(200);
        Api.join(room.roomId(), "gw-alive", "u_mover0001", null, null, null).statusCode(200);

        redis.sortedSet(String.class).zadd(RedisKeys.GATEWAYS, System.currentTimeMillis() - Duration.ofMinutes(1).toMillis(), "gw-dead");

        await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.UserLeft).count() == 2);
        var gone = EventTap.get().of(room.roomId()).stream().filter(e -> e.message() instanceof ServerMessage.UserLeft)
                .map(e -> ((ServerMessage.UserLeft) e.message()).userId()).toList();
        assertTrue(gone.containsAll(java.util.List.of(room.hostId(), "u_deadguest")), gone.toString());
        EventTap.get().await(room.roomId(), "host:status");
        await().until(() -> EventTap.get().of(room.roomId()).stream()
                .anyMatch(e -> e.message() instanceof ServerMessage.HostStatus h && !h.connected()));
        var members = redis.hash(String.class).hgetall(RedisKeys.members(room.roomId())).keySet();
        assertEquals(java.util.Set.of("u_liveguest", "u_mover0001"), members);
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.GATEWAYS, "gw-dead").isEmpty());
        assertTrue(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-dead")).isEmpty());
        given().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("hostConnected", org.hamcrest.Matchers.is(false));
    }
}
