package dev.roomcast.chat.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.roomcast.chat.Rooms;
import dev.roomcast.chat.TestBus;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class MessagesResourceTest {

    @Inject
    RedisDataSource redis;

    @Test
    @DisplayName("GET /rooms/{id}/messages returns the room's messages oldest first, as ChatEntry JSON")
    void history() {
        String room = Rooms.open(redis);
        TestBus.get().sendAll(room, List.of("u_1", "u_2"), List.of("first", "<b>second</b>"));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestBus.get().chats(room).size() == 2);

        given().get("/rooms/{id}/messages", room).then().statusCode(200)
                .body("roomId", equalTo(room))
                .body("messages", hasSize(2))
                .body("messages[0].message", equalTo("first"))
                .body("messages[0].userId", equalTo("u_1"))
                .body("messages[0].roomId", equalTo(room))
                .body("messages[0].isHost", equalTo(false))
                .body("messages[1].message", equalTo("<b>second</b>"))
                .body("messages[1].id", equalTo(TestBus.get().chats(room).get(1).id()));
    }

    @Test
    @DisplayName("an open room without messages has an empty history")
    void emptyHistory() {
        String room = Rooms.open(redis);
        given().get("/rooms/{id}/messages", room).then().statusCode(200)
                .body("roomId", equalTo(room)).body("messages", hasSize(0));
    }

    @Test
    @DisplayName("a malformed room id is 400 invalid_room_id, an unknown room 404 room_not_found")
    void errors() {
        given().get("/rooms/{id}/messages", "short").then().statusCode(400)
                .body("error.code", equalTo("invalid_room_id")).body("error.message", containsString("12"));
        given().get("/rooms/{id}/messages", "bad*chars*12").then().statusCode(400)
                .body("error.code", equalTo("invalid_room_id"));
        given().get("/rooms/{id}/messages", RoomIds.newRoomId()).then().statusCode(404)
                .body("error.code", equalTo("room_not_found"));
    }

    @Test
    @DisplayName("readiness covers Kafka, Redis and the ingest consumer; metrics count messages by outcome; OpenAPI lists the route")
    void operations() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems("chat-ingest", "Kafka connection health check",
                                "Redis connection health check")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("roomcast_chat_messages_accepted_total"))
                .body(containsString("roomcast_chat_messages_refused_total{code=\"rate_limited\""));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/rooms/{id}/messages"));
    }
}
