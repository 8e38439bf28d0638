package dev.roomcast.room.rest;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.protocol.message.TrackAsk;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Track requests (issue #17 item 7): a member asks, the host or a co-host resolves, the requester hears. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RequestApiTest {
    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static ValidatableResponse ask(Api.Room room, String member, Object text) {
        var req = given().contentType(ContentType.JSON).body(text == null ? Map.of() : Map.of("text", text));
        if (member != null) {
            req = req.header("X-Roomcast-Member", member);
        }
        return req.when().post("/rooms/{id}/requests", room.roomId()).then();
    }

    private static ValidatableResponse resolve(Api.Room room, String auth, String member, long id, String outcome) {
        Map<String, Object> body = new HashMap<>();
        body.put("outcome", outcome);
        var req = given().contentType(ContentType.JSON).body(body);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        if (member != null) {
            req = req.header("X-Roomcast-Member", member);
        }
        return req.when().post("/rooms/{id}/requests/{rid}/resolve", room.roomId(), id).then();
    }

    private static ValidatableResponse queue(Api.Room room, String auth, String member) {
        var req = given();
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        if (member != null) {
            req = req.header("X-Roomcast-Member", member);
        }
        return req.when().get("/rooms/{id}/requests", room.roomId()).then();
    }

    private static ValidatableResponse setOpen(Api.Room room, String auth, Object open) {
        Map<String, Object> body = new HashMap<>();
        body.put("open", open);
        var req = given().contentType(ContentType.JSON).body(body);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().put("/rooms/{id}/requests/open", room.roomId()).then();
    }

    private static List<ServerMessage> events(Api.Room room, Class<?> type, String toUserId) {
        return EventTap.get().of(room.roomId()).stream()
                .filter(e -> type.isInstance(e.message()) && java.util.Objects.equals(e.toUserId(), toUserId))
                .map(RoomEvent::message).toList();
    }

    @Test
    @DisplayName("a guest asks (text cleaned, its name from the room), the host sees the queue, marks it played; the guest hears requested then played")
    void askAndPlay() {
        Api.Room room = Api.createRoom("Requests");
        Api.joinHost(room).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_ana0000001", "Ana", null, null).statusCode(200);
        long id = ask(room, "u_ana0000001", "  Windowlicker \u0007— Aphex Twin\u200b ").statusCode(200)
                .body("text", is("Windowlicker — Aphex Twin")).body("username", is("Ana")).body("userId", is("u_ana0000001"))
                .extract().jsonPath().getLong("id");
        var added = await().until(() -> events(room, ServerMessage.RequestAdded.class, null), l -> !l.isEmpty());
        TrackAsk a = ((ServerMessage.RequestAdded) added.get(0)).request();
        assertEquals(List.of(id, "Ana", "Windowlicker — Aphex Twin"), List.of(a.id(), a.username(), a.text()));
        await().until(() -> events(room, ServerMessage.RequestUpdate.class, "u_ana0000001"), l -> !l.isEmpty());

        queue(room, room.bearer(), null).statusCode(200).body("open", is(true))
                .body("requests.text", contains("Windowlicker — Aphex Twin"));
        queue(room, null, "u_ana0000001").statusCode(200).body("requests.id", contains((int) id));

        resolve(room, "Bearer wrong-token", null, id, "played").statusCode(403).body("error.code", is("forbidden"));
        resolve(room, null, "u_ana0000001", id, "played").statusCode(403).body("error.code", is("not_cohost"));
        resolve(room, room.bearer(), null, id, "skipped").statusCode(400).body("error.code", is("bad_message"));
        resolve(room, room.bearer(), null, id, "played").statusCode(200).body("id", is((int) id));
        resolve(room, room.bearer(), null, id, "dismissed").statusCode(404).body("error.code", is("request_not_found"));
        var updates = await().until(() -> events(room, ServerMessage.RequestUpdate.class, "u_ana0000001"), l -> l.size() == 2);
        assertEquals(List.of("requested", "played"), updates.stream().map(u -> ((ServerMessage.RequestUpdate) u).state()).toList());
        await().until(() -> events(room, ServerMessage.RequestResolved.class, null), l -> !l.isEmpty());
        queue(room, room.bearer(), null).statusCode(200).body("requests", empty());
    }

    @Test
    @DisplayName("a guest sees only its own requests; a co-host sees all and may dismiss; a stranger is not_in_room")
    void whoSeesWhat() {
        Api.Room room = Api.createRoom("Request privacy");
        Api.joinHost(room).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_ana0000002", "Ana", null, null).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_bob0000002", "Bob", null, null).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_co00000002", "Cora", null, null).statusCode(200);
        given().header("Authorization", room.bearer()).contentType(ContentType.JSON).body(Map.of("isCohost", true))
                .when().put("/rooms/{id}/cohosts/{userId}", room.roomId(), "u_co00000002").then().statusCode(204);
        ask(room, "u_ana0000002", "Ana's song").statusCode(200);
        long bobs = ask(room, "u_bob0000002", "Bob's song").statusCode(200).extract().jsonPath().getLong("id");
        queue(room, null, "u_ana0000002").statusCode(200).body("requests.text", contains("Ana's song"));
        queue(room, null, "u_co00000002").statusCode(200).body("requests.text", contains("Ana's song", "Bob's song"));
        ask(room, "u_stranger01", "Hi").statusCode(404).body("error.code", is("not_in_room"));
        ask(room, null, "Hi").statusCode(401);
        resolve(room, null, "u_co00000002", bobs, "dismissed").statusCode(200);
        var updates = await().until(() -> events(room, ServerMessage.RequestUpdate.class, "u_bob0000002"), l -> l.size() == 2);
        assertEquals("dismissed", ((ServerMessage.RequestUpdate) updates.get(1)).state());
    }

    @Test
    @DisplayName("refused: empty, invisible or 201 characters (bad_message), a third within 20 s (rate_limited with retryAfter), requests off (requests_off), past 50 open (requests_full)")
    void limits() {
        Api.Room room = Api.createRoom("Request limits");
        Api.joinHost(room).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_ana0000003", "Ana", null, null).statusCode(200);
        ask(room, "u_ana0000003", " \u200b ").statusCode(400).body("error.code", is("bad_message"));
        ask(room, "u_ana0000003", null).statusCode(400).body("error.code", is("bad_message"));
        ask(room, "u_ana0000003", "x".repeat(201)).statusCode(400).body("error.code", is("bad_message"));
        ask(room, "u_ana0000003", 42).statusCode(400);
        ask(room, "u_ana0000003", "x".repeat(200)).statusCode(200);
        ask(room, "u_ana0000003", "second").statusCode(200);
        ask(room, "u_ana0000003", "third").statusCode(429).body("error.code", is("rate_limited"))
                .body("error.retryAfter", allOf(greaterThan(0), lessThanOrEqualTo(20)));
        queue(room, room.bearer(), null).statusCode(200).body("requests", hasSize(2));

        setOpen(room, "Bearer wrong-token", false).statusCode(403);
        setOpen(room, room.bearer(), null).statusCode(400).body("error.code", is("bad_message"));
        setOpen(room, room.bearer(), false).statusCode(200).body("open", is(false));
        await().until(() -> events(room, ServerMessage.RequestsOpenChanged.class, null), l -> !l.isEmpty());
        Api.join(room.roomId(), "gw-test", "u_bob0000003", "Bob", null, null).statusCode(200);
        ask(room, "u_bob0000003", "while off").statusCode(409).body("error.code", is("requests_off"));
        queue(room, null, "u_bob0000003").statusCode(200).body("open", is(false));
        setOpen(room, room.bearer(), true).statusCode(200);

        // 48 more from 24 guests (a burst of 2 each) fill the room's 50; the 51st is refused
        for (int i = 0; i < 24; i++) {
            String user = String.format("u_many%06d", i);
            Api.join(room.roomId(), "gw-test", user, "Many " + i, null, null).statusCode(200);
            ask(room, user, "one " + i).statusCode(200);
            ask(room, user, "two " + i).statusCode(200);
        }
        ask(room, "u_bob0000003", "one too many").statusCode(409).body("error.code", is("requests_full"));
        queue(room, room.bearer(), null).statusCode(200).body("requests", hasSize(50));
    }

    @Test
    @DisplayName("the requests die with the room: closing it deletes them, and a closed room takes none")
    void diesWithRoom() {
        Api.Room room = Api.createRoom("Request lifetime");
        Api.joinHost(room).statusCode(200);
        Api.join(room.roomId(), "gw-test", "u_ana0000004", "Ana", null, null).statusCode(200);
        ask(room, "u_ana0000004", "Last song").statusCode(200);
        assertEquals(1L, redis.hash(String.class).hlen(RedisKeys.requests(room.roomId())));
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}", room.roomId()).then().statusCode(200);
        assertFalse(redis.key().exists(RedisKeys.requests(room.roomId())));
        ask(room, "u_ana0000004", "After").statusCode(404);
        queue(room, room.bearer(), null).statusCode(404);
    }
}
