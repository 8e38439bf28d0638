package dev.roomcast.room.rest;

import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ServerClock;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passing the aux (issue #16 item 8): who may offer, take, decline and give it back, and what the room hears. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class AuxApiTest {
    private static final String ANA = "u_auxana00001";
    private static final String BOB = "u_auxbob00001";

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    private static ValidatableResponse post(Api.Room room, String path, String auth, String member, Object body) {
        var req = given();
        if (body != null) {
            req = req.contentType(ContentType.JSON).body(body);
        }
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        if (member != null) {
            req = req.header(Moderator.MEMBER_HEADER, member);
        }
        return req.when().post("/rooms/{id}/aux/" + path, room.roomId()).then();
    }

    private static Api.Room liveRoomWithAnaAndBob(String name) {
        Api.Room room = Api.createRoom(name);
        Api.joinHost(room).statusCode(200);
        Api.joinFrom(room.roomId(), ANA, "Ana", "ana-aux-device-00001", "10.0.2.1").statusCode(200);
        Api.joinFrom(room.roomId(), BOB, "Bob", "bob-aux-device-00001", "10.0.2.2").statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        return room;
    }

    private static ServerMessage.AuxHandoff handoffTo(Api.Room room, String userId) {
        return (ServerMessage.AuxHandoff) await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.AuxHandoff h && h.toUserId().equals(userId))
                .reduce((a, b) -> b), java.util.Optional::isPresent).get().message();
    }

    @Test
    @DisplayName("the host offers the aux, the member takes it with a cut about a second ahead, the room hears both; details show who has it")
    void offerAndAccept() {
        Api.Room room = liveRoomWithAnaAndBob("aux-accept");
        post(room, "offer", null, null, Map.of("userId", ANA)).statusCode(401);
        post(room, "offer", "Bearer wrong-token", null, Map.of("userId", ANA)).statusCode(403).body("error.code", is("forbidden"));
        post(room, "offer", room.bearer(), null, Map.of()).statusCode(400).body("error.code", is("bad_message"));
        post(room, "offer", room.bearer(), null, Map.of("userId", "u_nobody00001")).statusCode(404).body("error.code", is("not_in_room"));
        post(room, "offer", room.bearer(), null, Map.of("userId", room.hostId())).statusCode(400).body("error.code", is("bad_message"));
        // nobody takes what was not offered
        post(room, "accept", null, BOB, null).statusCode(403).body("error.code", is("forbidden"));
        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(204);
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e ->
                e.message() instanceof ServerMessage.AuxOffered o && ANA.equals(o.userId()) && "Ana".equals(o.username())));
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("aux.userId", is(room.hostId())).body("aux.offeredTo", is(ANA));
        post(room, "accept", null, BOB, null).statusCode(403).body("error.code", is("forbidden"));
        post(room, "accept", null, null, null).statusCode(401);
        long before = ServerClock.nowUs();
        post(room, "accept", null, ANA, null).statusCode(200)
                .body("type", is("aux:handoff")).body("fromUserId", is(room.hostId())).body("toUserId", is(ANA));
        ServerMessage.AuxHandoff h = handoffTo(room, ANA);
        long lead = h.atUs() - before;
        assertTrue(lead > (Limits.AUX_LEAD_MS - 100) * 1000L && lead <= (Limits.AUX_LEAD_MS + 1000) * 1000L,
                "the cut is about " + Limits.AUX_LEAD_MS + " ms after the accept: " + lead + " µs");
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("aux.userId", is(ANA)).body("aux.fromUserId", is(room.hostId()))
                .body("aux.atUs", is(h.atUs())).body("aux.offeredTo", nullValue());
        // a second accept finds no offer; offering it to the one who has it is refused
        post(room, "accept", null, ANA, null).statusCode(403);
        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(400).body("error.code", is("bad_message"));
        // handed on: from Ana to Bob
        post(room, "offer", room.bearer(), null, Map.of("userId", BOB)).statusCode(204);
        post(room, "accept", null, BOB, null).statusCode(200).body("fromUserId", is(ANA)).body("toUserId", is(BOB));
        // only the one who has it gives it back (or the host takes it)
        post(room, "return", null, ANA, null).statusCode(403).body("error.code", is("forbidden"));
        post(room, "return", null, BOB, null).statusCode(200).body("fromUserId", is(BOB)).body("toUserId", is(room.hostId()));
        post(room, "return", room.bearer(), null, null).statusCode(400).body("error.code", is("bad_message"));
    }

    @Test
    @DisplayName("a member declines, the host withdraws; leaving with the aux gives it back to the host at once; a stop forgets it all")
    void declineLeaveStop() {
        Api.Room room = liveRoomWithAnaAndBob("aux-leave");
        post(room, "decline", null, ANA, null).statusCode(403);
        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(204);
        post(room, "decline", null, BOB, null).statusCode(403);
        post(room, "decline", null, ANA, null).statusCode(204);
        await().until(() -> EventTap.get().of(room.roomId()).stream().anyMatch(e ->
                e.message() instanceof ServerMessage.AuxOffered o && o.userId() == null));
        post(room, "accept", null, ANA, null).statusCode(403);
        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(204);
        post(room, "decline", room.bearer(), null, null).statusCode(204);
        post(room, "accept", null, ANA, null).statusCode(403);

        post(room, "offer", room.bearer(), null, Map.of("userId", BOB)).statusCode(204);
        post(room, "accept", null, BOB, null).statusCode(200);
        long before = ServerClock.nowUs();
        given().when().delete("/rooms/{id}/members/{userId}", room.roomId(), BOB).then().statusCode(anyOf(is(200), is(204)));
        ServerMessage.AuxHandoff back = handoffTo(room, room.hostId());
        assertTrue(back.fromUserId().equals(BOB) && back.atUs() >= before - 1000 && back.atUs() < before + 500_000,
                "the host has it again at once: " + back);
        given().when().get("/rooms/{id}", room.roomId()).then().body("aux.userId", is(room.hostId()));

        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(204);
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}/broadcast", room.roomId()).then().statusCode(204);
        given().when().get("/rooms/{id}", room.roomId()).then().body("aux", nullValue());
        post(room, "accept", null, ANA, null).statusCode(409).body("error.code", is("not_live"));
        post(room, "offer", room.bearer(), null, Map.of("userId", ANA)).statusCode(409).body("error.code", is("not_live"));
    }
}
