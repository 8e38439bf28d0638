package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.Moderator;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Co-hosts and slow mode (issue #16 items 5 and 6): who may do what, and what holds across a reload. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ModerationApiTest {

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static ValidatableResponse cohost(Api.Room room, String auth, String userId, Object isCohost) {
        var req = given().contentType(ContentType.JSON).body(isCohost == null ? Map.of() : Map.of("isCohost", isCohost));
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().put("/rooms/{id}/cohosts/{userId}", room.roomId(), userId).then();
    }

    private static ValidatableResponse kickAs(Api.Room room, String member, String userId) {
        return given().contentType(ContentType.JSON).header(Moderator.MEMBER_HEADER, member).body(Map.of("userId", userId))
                .when().post("/rooms/{id}/kicks", room.roomId()).then();
    }

    private static ValidatableResponse slowAs(Api.Room room, String auth, String member, int seconds) {
        var req = given().contentType(ContentType.JSON).body(Map.of("seconds", seconds));
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        if (member != null) {
            req = req.header(Moderator.MEMBER_HEADER, member);
        }
        return req.when().put("/rooms/{id}/slowmode", room.roomId()).then();
    }

    @Test
    @DisplayName("only the host makes co-hosts; the room hears user:cohost; the badge is in the participant list and stays after a reload")
    void hostMakesCohosts() {
        Api.Room room = Api.createRoom("cohosts");
        Api.joinHost(room).statusCode(200);
        Api.joinFrom(room.roomId(), "u_ana0000001", "Ana", "ana-device-key-00001", "10.0.1.1").statusCode(200);
        Api.joinFrom(room.roomId(), "u_bob0000001", "Bob", "bob-device-key-00001", "10.0.1.2").statusCode(200);
        cohost(room, null, "u_ana0000001", true).statusCode(401);
        cohost(room, "Bearer wrong-token", "u_ana0000001", true).statusCode(403).body("error.code", is("forbidden"));
        cohost(room, room.bearer(), "u_ana0000001", null).statusCode(400).body("error.code", is("bad_message"));
        cohost(room, room.bearer(), "u_nobody0001", true).statusCode(404).body("error.code", is("not_in_room"));
        cohost(room, room.bearer(), room.hostId(), true).statusCode(400).body("error.code", is("bad_message"));
        cohost(room, room.bearer(), "u_ana0000001", true).statusCode(204);
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e -> e.toUserId() == null
                && e.message() instanceof ServerMessage.UserCohost c && c.userId().equals("u_ana0000001") && c.isCohost()
                && c.username().equals("Ana")));
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("participants.find { it.userId == 'u_ana0000001' }.isCohost", is(true))
                .body("participants.find { it.userId == 'u_bob0000001' }.isCohost", is(false));
        // a reload: a new user id, the same browser — a co-host again, told in the join answer and user:joined
        Api.joinFrom(room.roomId(), "u_ana0000002", "Ana", "ana-device-key-00001", "10.0.1.1").statusCode(200)
                .body("you.isCohost", is(true));
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e ->
                e.message() instanceof ServerMessage.UserJoined j && j.userId().equals("u_ana0000002") && j.isCohost()));
        // another browser under another name is not
        Api.joinFrom(room.roomId(), "u_eve0000001", "Eve", "eve-device-key-00001", "10.0.1.1").statusCode(200)
                .body("you.isCohost", is(false));
        cohost(room, room.bearer(), "u_ana0000002", false).statusCode(204);
        Api.joinFrom(room.roomId(), "u_ana0000003", "Ana", "ana-device-key-00001", "10.0.1.1").statusCode(200)
                .body("you.isCohost", is(false));
    }

    @Test
    @DisplayName("a co-host removes and mutes guests, never the host or another co-host; a guest is not_cohost; a demoted co-host too")
    void cohostModeratesGuestsOnly() {
        Api.Room room = Api.createRoom("cohost powers");
        Api.joinHost(room).statusCode(200);
        Api.joinFrom(room.roomId(), "u_co00000001", "Co", "co-device-key-000001", "10.0.2.1").statusCode(200);
        Api.joinFrom(room.roomId(), "u_co00000002", "Co two", "co-device-key-000002", "10.0.2.2").statusCode(200);
        Api.joinFrom(room.roomId(), "u_guest00001", "Troll", "troll-device-key-01", "10.0.2.3").statusCode(200);
        Api.joinFrom(room.roomId(), "u_guest00002", "Plain", "plain-device-key-01", "10.0.2.4").statusCode(200);
        cohost(room, room.bearer(), "u_co00000001", true).statusCode(204);
        cohost(room, room.bearer(), "u_co00000002", true).statusCode(204);
        kickAs(room, "u_guest00002", "u_guest00001").statusCode(403).body("error.code", is("not_cohost"));
        kickAs(room, "u_nobody0001", "u_guest00001").statusCode(403).body("error.code", is("not_cohost"));
        kickAs(room, "u_co00000001", room.hostId()).statusCode(400).body("error.code", is("bad_message"));
        kickAs(room, "u_co00000001", "u_co00000002").statusCode(403).body("error.code", is("forbidden"));
        given().contentType(ContentType.JSON).header(Moderator.MEMBER_HEADER, "u_co00000001")
                .body(Map.of("userId", "u_co00000002", "seconds", 60))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(403).body("error.code", is("forbidden"));
        given().contentType(ContentType.JSON).header(Moderator.MEMBER_HEADER, "u_co00000001")
                .body(Map.of("userId", "u_guest00001", "seconds", 60))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(204);
        // the muted guest, the host and the co-host who did it are told
        await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.ChatMuted m && m.userId().equals("u_guest00001"))
                .map(e -> e.toUserId()).toList().containsAll(java.util.List.of("u_guest00001", room.hostId(), "u_co00000001")));
        kickAs(room, "u_co00000001", "u_guest00001").statusCode(204);
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e ->
                e.message() instanceof ServerMessage.RoomKicked && "u_guest00001".equals(e.toUserId())));
        // the bans list stays the host's
        given().header(Moderator.MEMBER_HEADER, "u_co00000001").when().get("/rooms/{id}/bans", room.roomId())
                .then().statusCode(401);
        // the host can remove a co-host, who is no longer one when let back in
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_co00000002"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);
        cohost(room, room.bearer(), "u_co00000001", false).statusCode(204);
        kickAs(room, "u_co00000001", "u_guest00002").statusCode(403).body("error.code", is("not_cohost"));
    }

    @Test
    @DisplayName("slow mode: the host or a co-host sets it (0..3600 s), everyone hears room:settings, a late joiner reads it")
    void slowMode() {
        Api.Room room = Api.createRoom("slow");
        Api.joinHost(room).statusCode(200);
        Api.joinFrom(room.roomId(), "u_slowco0001", "Co", "slowco-device-key-01", "10.0.3.1").statusCode(200);
        Api.joinFrom(room.roomId(), "u_slowgu0001", "Guest", "slowgu-device-key-01", "10.0.3.2").statusCode(200);
        slowAs(room, null, "u_slowgu0001", 30).statusCode(403).body("error.code", is("not_cohost"));
        slowAs(room, null, null, 30).statusCode(401);
        slowAs(room, room.bearer(), null, 30).statusCode(200).body("slowModeSeconds", is(30));
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e ->
                e.message() instanceof ServerMessage.RoomSettingsChanged s && s.slowModeSeconds() == 30));
        cohost(room, room.bearer(), "u_slowco0001", true).statusCode(204);
        slowAs(room, null, "u_slowco0001", 300).statusCode(200).body("slowModeSeconds", is(300));
        for (int bad : new int[] {-1, 3601}) {
            slowAs(room, room.bearer(), null, bad).statusCode(400).body("error.code", is("bad_message"));
        }
        Api.joinFrom(room.roomId(), "u_slowlate01", "Late", "slowlate-device-k-01", "10.0.3.3").statusCode(200)
                .body("room.slowModeSeconds", is(300));
        slowAs(room, room.bearer(), null, 0).statusCode(200).body("slowModeSeconds", is(0));
        given().when().get("/rooms/{id}", room.roomId()).then().body("slowModeSeconds", is(0));
    }
}
