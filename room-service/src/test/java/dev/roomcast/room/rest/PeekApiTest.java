package dev.roomcast.room.rest;

import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tab peek (issue #17 item 7): one slot a room, the host's latest picture of its tab, short-lived. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PeekApiTest {
    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    static Api.Room liveRoom(String name) {
        Api.Room room = Api.createRoom(name);
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        return room;
    }

    static ValidatableResponse put(Api.Room room, String auth, byte[] image) {
        var req = given().contentType("application/octet-stream").body(image);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().put("/rooms/{id}/peek", room.roomId()).then();
    }

    static ValidatableResponse fetch(Api.Room room, String key) {
        var req = given();
        if (key != null) {
            req = req.queryParam("v", key);
        }
        return req.when().get("/rooms/{id}/peek", room.roomId()).then();
    }

    /** The frame's key in its URL ({@code /api/rooms/{id}/peek?v=<key>}). */
    static String keyOf(ValidatableResponse put) {
        String url = put.statusCode(200).extract().path("url");
        return url.substring(url.indexOf("?v=") + 3);
    }

    static ValidatableResponse stop(Api.Room room, String auth) {
        var req = given();
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().delete("/rooms/{id}/peek", room.roomId()).then();
    }

    private static List<ServerMessage> peekEvents(Api.Room room) {
        return EventTap.get().of(room.roomId()).stream().map(e -> e.message())
                .filter(m -> m instanceof ServerMessage.PeekFrame || m instanceof ServerMessage.PeekStopped).toList();
    }

    @Test
    @DisplayName("the host puts a frame while live: served back byte for byte under its own random key, never cached, the room hears peek:frame with that URL; any other key is 404; the slot expires by itself")
    void putFetchAndExpire() throws IOException {
        Api.Room room = liveRoom("Peek");
        byte[] image = ArtApiTest.jpeg(Color.GREEN);
        var answer = put(room, room.bearer(), image).statusCode(200).body("contentType", is("image/jpeg")).body("bytes", is(image.length))
                .body("url", matchesPattern("/api/rooms/" + room.roomId() + "/peek\\?v=[0-9a-f]{24}"));
        long at = answer.extract().jsonPath().getLong("at");
        String url = answer.extract().path("url");
        String key = keyOf(answer);
        byte[] served = fetch(room, key).statusCode(200).contentType("image/jpeg").header("Cache-Control", "no-store")
                .extract().asByteArray();
        assertArrayEquals(image, served);
        // the link to the room is not enough: without the key the room's sockets were told, nothing
        fetch(room, null).statusCode(404).body("error.code", is("not_found"));
        fetch(room, "0".repeat(24)).statusCode(404);
        fetch(room, key.toUpperCase()).statusCode(404);
        fetch(room, String.valueOf(at)).statusCode(404);
        await().until(() -> !peekEvents(room).isEmpty());
        assertEquals(new ServerMessage.PeekFrame(room.roomId(), url, at), peekEvents(room).get(0));
        long ttl = redis.key().pttl(RedisKeys.peek(room.roomId()));
        assertTrue(ttl > 0 && ttl <= Limits.PEEK_TTL_MS, "the frame expires by itself within the TTL: " + ttl);
        // a vanished studio: once the TTL ran out the peek is gone (shortened here, as the script sets it)
        redis.key().pexpire(RedisKeys.peek(room.roomId()), 300);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> fetch(room, key).statusCode(404).body("error.code", is("not_found")));
    }

    @Test
    @DisplayName("at most one frame per 2 s a room: the next is rate_limited (retry after 2 s) and the first stays; after 2 s one goes in")
    void oneFrameEveryTwoSeconds() throws IOException {
        Api.Room room = liveRoom("Peek rate");
        byte[] first = ArtApiTest.jpeg(Color.RED);
        byte[] second = ArtApiTest.jpeg(Color.BLUE);
        String firstKey = keyOf(put(room, room.bearer(), first));
        put(room, room.bearer(), second).statusCode(429).body("error.code", is("rate_limited")).body("error.retryAfter", is(2));
        assertArrayEquals(first, fetch(room, firstKey).statusCode(200).extract().asByteArray());
        var again = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> put(room, room.bearer(), second), r -> r.extract().statusCode() == 200);
        assertArrayEquals(second, fetch(room, keyOf(again)).statusCode(200).extract().asByteArray());
        fetch(room, firstKey).statusCode(404); // replaced: the old frame's URL is gone
    }

    @Test
    @DisplayName("refused, nothing stored, nothing heard: no token, another room's token, a GIF, SVG text, empty, 64 KiB + 1, a room not live, an unknown room")
    void refusals() {
        Api.Room room = liveRoom("Peek refusals");
        Api.Room other = Api.createRoom("Peek other");
        byte[] ok = ArtApiTest.png("fine");
        put(room, null, ok).statusCode(401).body("error.code", is("unauthorized"));
        put(room, other.bearer(), ok).statusCode(403).body("error.code", is("forbidden"));
        put(room, room.bearer(), "GIF89a....".getBytes(StandardCharsets.US_ASCII)).statusCode(415)
                .body("error.code", is("unsupported_media_type"));
        put(room, room.bearer(), "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)).statusCode(415);
        put(room, room.bearer(), new byte[0]).statusCode(400).body("error.code", is("bad_message"));
        put(room, room.bearer(), Arrays.copyOf(ArtApiTest.png(""), 64 * 1024 + 1)).statusCode(413).body("error.code", is("too_large"));
        put(other, other.bearer(), ok).statusCode(409).body("error.code", is("not_live"));
        given().contentType("application/octet-stream").header("Authorization", "Bearer x").body(ok)
                .when().put("/rooms/{id}/peek", "AbC123_-xYz9").then().statusCode(404).body("error.code", is("room_not_found"));
        fetch(room, null).statusCode(404).body("error.code", is("not_found"));
        fetch(other, null).statusCode(404);
        assertEquals(0, redis.key().exists(RedisKeys.peek(room.roomId()), RedisKeys.peek(other.roomId())));
        stop(room, null).statusCode(401).body("error.code", is("unauthorized"));
        stop(room, other.bearer()).statusCode(403).body("error.code", is("forbidden"));
        assertEquals(List.of(), peekEvents(room));
    }

    @Test
    @DisplayName("the host stops the peek: the frame is gone at once and the room hears peek:stopped")
    void hostStops() {
        Api.Room room = liveRoom("Peek stop");
        String key = keyOf(put(room, room.bearer(), ArtApiTest.png("frame")));
        fetch(room, key).statusCode(200).contentType("image/png");
        stop(room, room.bearer()).statusCode(200);
        fetch(room, key).statusCode(404).body("error.code", is("not_found"));
        await().until(() -> peekEvents(room).size() == 2);
        assertEquals(new ServerMessage.PeekStopped(room.roomId()), peekEvents(room).get(1));
    }

    @Test
    @DisplayName("the peek goes with the room: closed, its key is gone")
    void goesWithTheRoom() {
        Api.Room room = liveRoom("Peek lifetime");
        String key = keyOf(put(room, room.bearer(), ArtApiTest.png("frame")));
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}", room.roomId()).then().statusCode(200);
        fetch(room, key).statusCode(404);
        assertFalse(redis.key().exists(RedisKeys.peek(room.roomId())));
    }
}
