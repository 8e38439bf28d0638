package dev.roomcast.room.rest;

import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** What plays (issue #17 item 3): the host says it with its stream time, the room hears it, a late joiner reads it. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class TrackApiTest {
    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static ValidatableResponse put(Api.Room room, String auth, Map<String, Object> body) {
        var req = given().contentType(ContentType.JSON).body(body);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().put("/rooms/{id}/track", room.roomId()).then();
    }

    private static Map<String, Object> track(String title, String artist, long atUs) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        if (artist != null) {
            m.put("artist", artist);
        }
        m.put("atUs", atUs);
        return m;
    }

    private static void startBroadcast(Api.Room room) {
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
    }

    @Test
    @DisplayName("the host sets what plays: cleaned, the room hears track:changed with the stream time, details carry it until the broadcast stops")
    void hostSetsTrack() {
        Api.Room room = Api.createRoom("Now playing");
        Api.joinHost(room).statusCode(200);
        long at = ServerClock.nowUs() + 300_000;
        put(room, room.bearer(), track("Song", null, at)).statusCode(409).body("error.code", is("not_live"));
        startBroadcast(room);
        put(room, room.bearer(), track("  Windowlicker\u200b ", "Aphex Twin", at)).statusCode(200)
                .body("title", is("Windowlicker")).body("artist", is("Aphex Twin")).body("atUs", is(at));
        var changed = (ServerMessage.TrackChanged) await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.TrackChanged).findFirst(), java.util.Optional::isPresent)
                .get().message();
        org.junit.jupiter.api.Assertions.assertEquals(new ServerMessage.TrackChanged(room.roomId(), "Windowlicker", "Aphex Twin", null, at, null), changed);
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("track.title", is("Windowlicker")).body("track.atUs", is(at));
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}/broadcast", room.roomId()).then().statusCode(204);
        startBroadcast(room);
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200).body("track", nullValue());
    }

    @Test
    @DisplayName("refused: without the host token, an empty or 201-character title, no stream time, or one far from now; nothing changes")
    void refusals() {
        Api.Room room = Api.createRoom("Track refusals");
        Api.joinHost(room).statusCode(200);
        startBroadcast(room);
        long now = ServerClock.nowUs();
        put(room, null, track("Song", null, now)).statusCode(401).body("error.code", is("unauthorized"));
        put(room, "Bearer nope", track("Song", null, now)).statusCode(403).body("error.code", is("forbidden"));
        put(room, room.bearer(), track(" \u200b ", null, now)).statusCode(400).body("error.code", is("bad_message"));
        put(room, room.bearer(), track("x".repeat(201), null, now)).statusCode(400).body("error.code", is("bad_message"));
        put(room, room.bearer(), track("Song", "", now)).statusCode(400).body("error.code", is("bad_message"));
        Map<String, Object> noTime = track("Song", null, now);
        noTime.remove("atUs");
        put(room, room.bearer(), noTime).statusCode(400).body("error.code", is("bad_message"));
        put(room, room.bearer(), track("Song", null, now - 3_600_000_000L)).statusCode(400).body("error.code", is("bad_message"));
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200).body("track", nullValue());
    }
}
