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
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class MembersApiTest {

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    @Test
    @DisplayName("a guest joins with its name, is recorded with its gateway, and the room hears user:joined")
    void guestJoins() {
        Api.Room room = Api.createRoom("join");
        Api.join(room.roomId(), "gw-a", "u_guest0001", " Ann ", null, null).statusCode(200)
                .body("you.userId", is("u_guest0001"))
                .body("you.username", is("Ann"))
                .body("you.isHost", is(false))
                .body("room.roomId", is(room.roomId()))
                .body("room.participants.userId", hasItem("u_guest0001"));
        String json = redis.hash(String.class).hget(RedisKeys.members(room.roomId()), "u_guest0001");
        assertTrue(json.contains("\"gatewayId\":\"gw-a\""));
        assertTrue(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-a")).contains(room.roomId() + " u_guest0001"));
        var joined = (ServerMessage.UserJoined) EventTap.get().await(room.roomId(), "user:joined").message();
        assertEquals("u_guest0001", joined.userId());
        assertEquals("Ann", joined.username());
        assertEquals(1, joined.participantCount());
    }

    @Test
    @DisplayName("a valid host token makes the member the host with the room's host id, and host:status connected is published")
    void hostJoins() {
        Api.Room room = Api.createRoom("hosting");
        Api.join(room.roomId(), "gw-a", "u_gatewayid1", null, room.hostToken(), null).statusCode(200)
                .body("you.userId", is(room.hostId()))
                .body("you.isHost", is(true))
                .body("room.hostConnected", is(true));
        var status = (ServerMessage.HostStatus) EventTap.get().await(room.roomId(), "host:status").message();
        assertTrue(status.connected());
        var joined = (ServerMessage.UserJoined) EventTap.get().await(room.roomId(), "user:joined").message();
        assertTrue(joined.isHost());
    }

    @Test
    @DisplayName("a wrong host token on join is 403 forbidden (as on every host route), and a guest cannot take the host's user id")
    void joinTokenChecks() {
        Api.Room room = Api.createRoom("tokens");
        Api.join(room.roomId(), "gw-a", "u_someone1", null, "not-the-token", null).statusCode(403)
                .body("error.code", is("forbidden"));
        Api.join(room.roomId(), "gw-a", room.hostId(), null, null, null).statusCode(403);
        Api.join(room.roomId(), "gw-a", "u_someone1", null, "", null).statusCode(400).body("error.code", is("bad_message"));
    }

    @Test
    @DisplayName("join bodies are validated: ids, names, missing body")
    void joinValidation() {
        Api.Room room = Api.createRoom("validation");
        Api.join(room.roomId(), null, "u_x", null, null, null).statusCode(400).body("error.code", is("bad_message"));
        Api.join(room.roomId(), "gw-a", null, null, null, null).statusCode(400).body("error.code", is("bad_message"));
        Api.join(room.roomId(), "gw a", "u_x", null, null, null).statusCode(400);
        Api.join(room.roomId(), "gw-a", "u_x", "\u0000\u0001", null, null).statusCode(400).body("error.code", is("invalid_name"));
        Api.join(room.roomId(), "gw-a", "u_x", "n".repeat(33), null, null).statusCode(400).body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).when().post("/rooms/{id}/members", room.roomId())
                .then().statusCode(400).body("error.code", is("bad_message"));
        Api.join("bad", "gw-a", "u_x", null, null, null).statusCode(400).body("error.code", is("invalid_room_id"));
    }

    @Test
    @DisplayName("a guest without a name gets a default one, and joining twice keeps one membership")
    void rejoinIsIdempotent() {
        Api.Room room = Api.createRoom("rejoin");
        Api.joinGuest(room.roomId(), "u_twice0001").statusCode(200).body("you.username", startsWith("Guest_"));
        Api.join(room.roomId(), "gw-b", "u_twice0001", null, null, null).statusCode(200);
        assertEquals(1, redis.hash(String.class).hlen(RedisKeys.members(room.roomId())));
        assertFalse(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-test")).contains(room.roomId() + " u_twice0001"),
                "moving to another gateway leaves the old gateway's set");
        assertTrue(redis.set(String.class).smembers(RedisKeys.gatewayMembers("gw-b")).contains(room.roomId() + " u_twice0001"));
        assertEquals(1, EventTap.get().typesOf(room.roomId()).stream().filter("user:joined"::equals).count());
    }

    @Test
    @DisplayName("leaving removes the member and publishes user:left; leaving again is a no-op 204")
    void guestLeaves() {
        Api.Room room = Api.createRoom("leave");
        Api.joinGuest(room.roomId(), "u_leaver001").statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_leaver001").then().statusCode(204);
        var left = (ServerMessage.UserLeft) EventTap.get().await(room.roomId(), "user:left").message();
        assertEquals("u_leaver001", left.userId());
        assertEquals(0, left.participantCount());
        assertNull(redis.hash(String.class).hget(RedisKeys.members(room.roomId()), "u_leaver001"));
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_leaver001").then().statusCode(204);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "bad id!").then().statusCode(400);
    }

    @Test
    @DisplayName("the host's name is the host's, also while it is away: a guest cannot join or rename as it, in any case, width or confusable letters (409 name_taken);"
            + " other names, the host itself, and everyone while the host is away are fine")
    void hostNameIsReserved() {
        Api.Room room = Api.createRoom("impostors");
        Api.join(room.roomId(), "gw-a", "u_gwhost001", "DJ Ana", room.hostToken(), null).statusCode(200).body("you.username", is("DJ Ana"));
        // the same, lower case, full-width letters, a Cyrillic А, mixed case: one name to a reader
        for (String impostor : new String[] {"DJ Ana", "dj ana", "ＤＪ Ana", "DJ \u0410na", "Dj ANA"}) {
            Api.join(room.roomId(), "gw-a", "u_impost001", impostor, null, null).statusCode(409)
                    .body("error.code", is("name_taken"));
        }
        Api.join(room.roomId(), "gw-a", "u_impost001", "DJ Anna", null, null).statusCode(200).body("you.username", is("DJ Anna"));
        given().contentType(ContentType.JSON).body(Map.of("username", "DJ \u0410NA"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_impost001").then().statusCode(409)
                .body("error.code", is("name_taken"));
        given().contentType(ContentType.JSON).body(Map.of("username", "DJ Ana!"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_impost001").then().statusCode(200);
        // the host renames itself as it likes
        given().contentType(ContentType.JSON).body(Map.of("username", "dj ana"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(200);
        // the host's new name is its own; its old one is free again
        Api.join(room.roomId(), "gw-a", "u_impost002", "DJ ANA", null, null).statusCode(409).body("error.code", is("name_taken"));
        // while the host is away its name stays held
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(anyOf(is(200), is(204)));
        Api.join(room.roomId(), "gw-a", "u_impost002", "dj ana", null, null).statusCode(409).body("error.code", is("name_taken"));
        Api.join(room.roomId(), "gw-a", "u_impost002", "DJ Ana (real)", null, null).statusCode(200);
    }

    @Test
    @DisplayName("names are unique among guests: a second 'Bob' (or 'bob', 'Вob') is refused until the first leaves or renames; default names are not reserved")
    void guestNamesAreUnique() {
        Api.Room room = Api.createRoom("unique names");
        Api.join(room.roomId(), "gw-a", "u_bob000001", "Bob", null, null).statusCode(200);
        for (String twin : new String[] {"Bob", "bob", "\u0412ob", "B o b"}) {
            int expected = twin.equals("B o b") ? 200 : 409;
            Api.join(room.roomId(), "gw-a", "u_bob000002", twin, null, null).statusCode(expected);
            if (expected == 200) {
                given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_bob000002").then().statusCode(204);
            }
        }
        // rejoining under one's own name is not a clash, nor is the same browser's reload (a new user id, its device key)
        Api.join(room.roomId(), "gw-b", "u_bob000001", "Bob", null, null).statusCode(200);
        Api.joinFrom(room.roomId(), "u_carol00001", "Carol", "carols-device-key-01", null).statusCode(200);
        Api.joinFrom(room.roomId(), "u_carol00002", "Carol", "carols-device-key-01", null).statusCode(200);
        Api.joinFrom(room.roomId(), "u_carol00003", "carol", "another-device-key-1", null).statusCode(409);
        Api.join(room.roomId(), "gw-a", "u_bob000002", "Rob", null, null).statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("username", "BOB"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_bob000002").then().statusCode(409)
                .body("error.code", is("name_taken"));
        // Bob renames: his old name is free, his new one is his
        given().contentType(ContentType.JSON).body(Map.of("username", "Robert"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_bob000001").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("username", "Bob"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_bob000002").then().statusCode(200);
        Api.join(room.roomId(), "gw-a", "u_bob000003", "robert", null, null).statusCode(409);
        // a guest who leaves frees the name
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_bob000001").then().statusCode(204);
        Api.join(room.roomId(), "gw-a", "u_bob000003", "robert", null, null).statusCode(200);
        // two default names may meet (they are handed out, not chosen)
        Api.join(room.roomId(), "gw-a", "u_bob000004", "Guest_12345", null, null).statusCode(200);
        Api.join(room.roomId(), "gw-a", "u_bob000005", "Guest_12345", null, null).statusCode(200);
    }

    @Test
    @DisplayName("renaming validates the name, answers the participant and publishes user:renamed; strangers are 404")
    void rename() {
        Api.Room room = Api.createRoom("rename");
        Api.joinGuest(room.roomId(), "u_renamed01").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("username", " Bob "))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_renamed01").then().statusCode(200)
                .body("userId", is("u_renamed01")).body("username", is("Bob")).body("isHost", is(false));
        var renamed = (ServerMessage.UserRenamed) EventTap.get().await(room.roomId(), "user:renamed").message();
        assertEquals("Bob", renamed.username());
        given().contentType(ContentType.JSON).body(Map.of("username", ""))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_renamed01").then().statusCode(400)
                .body("error.code", is("invalid_name"));
        given().contentType(ContentType.JSON).body(Map.of("username", "Zed"))
                .when().put("/rooms/{id}/members/{u}", room.roomId(), "u_stranger1").then().statusCode(404)
                .body("error.code", is("not_in_room"));
    }

    @Test
    @DisplayName("a kicked guest gets room:kicked, leaves with user:left, and cannot come back (403 kicked)")
    void kick() {
        Api.Room room = Api.createRoom("kick");
        Api.joinHost(room).statusCode(200);
        Api.joinGuest(room.roomId(), "u_kicked001").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer nope").body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(403);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", room.hostId()))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(400);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_nobody0001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(404).body("error.code", is("not_in_room"));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_kicked001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);
        var kicked = EventTap.get().await(room.roomId(), "room:kicked");
        assertEquals("u_kicked001", kicked.toUserId());
        var left = (ServerMessage.UserLeft) EventTap.get().await(room.roomId(), "user:left").message();
        assertEquals("u_kicked001", left.userId());
        Api.joinGuest(room.roomId(), "u_kicked001").statusCode(403).body("error.code", is("kicked"));
    }

    @Test
    @DisplayName("the host mutes a guest in chat by user id and device (chat:muted to the guest and the host); 0 s lifts it; strangers and bad values are refused")
    void mute() {
        Api.Room room = Api.createRoom("mutes");
        Api.joinHost(room).statusCode(200);
        Api.joinFrom(room.roomId(), "u_loud00001", "Loud", "loud-device-key-0001", "10.0.0.9").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("userId", "u_loud00001", "seconds", 600))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(401);
        long before = System.currentTimeMillis();
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_loud00001", "seconds", 600))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(204);
        var toGuest = EventTap.get().await(room.roomId(), "chat:muted");
        var muted = (ServerMessage.ChatMuted) toGuest.message();
        assertEquals("u_loud00001", muted.userId());
        assertTrue(muted.until() >= before + 600_000 && muted.until() <= System.currentTimeMillis() + 600_000, "until " + muted.until());
        org.awaitility.Awaitility.await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.ChatMuted).map(e -> e.toUserId()).toList()
                .containsAll(java.util.List.of("u_loud00001", room.hostId())));
        var fields = redis.hash(String.class).hgetall(RedisKeys.muted(room.roomId()));
        assertEquals(java.util.Set.of("u:u_loud00001", "d:" + dev.roomcast.protocol.DeviceKeys.hash("loud-device-key-0001")), fields.keySet());
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_loud00001", "seconds", 0))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(204);
        assertTrue(redis.hash(String.class).hgetall(RedisKeys.muted(room.roomId())).isEmpty());
        // muted again, then a reload (a new user id, the same device): it and the host are told at once
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_loud00001", "seconds", 600))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(204);
        Api.joinFrom(room.roomId(), "u_loud00002", "Loud again", "loud-device-key-0001", "10.0.0.9").statusCode(200);
        org.awaitility.Awaitility.await().until(() -> EventTap.get().of(room.roomId()).stream()
                .anyMatch(e -> e.message() instanceof ServerMessage.ChatMuted c && c.userId().equals("u_loud00002")
                        && room.hostId().equals(e.toUserId()) && c.until() > System.currentTimeMillis()));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_nobody0001", "seconds", 60))
                .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(404).body("error.code", is("not_in_room"));
        for (int bad : new int[] {-1, 86_401}) {
            given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_loud00001", "seconds", bad))
                    .when().post("/rooms/{id}/mutes", room.roomId()).then().statusCode(400).body("error.code", is("bad_message"));
        }
    }

    @Test
    @DisplayName("a kick bans the device for good and, for devices new to the room, its address for a while; the host lists and lifts bans")
    void banHoldsAcrossReloads() {
        Api.Room room = Api.createRoom("bans");
        Api.joinHost(room).statusCode(200);
        String mallory = "mallory-device-key-0001";
        String friend = "friend-device-key-00001";
        Api.joinFrom(room.roomId(), "u_friend0001", "Friend", friend, "10.0.0.7").statusCode(200);
        Api.joinFrom(room.roomId(), "u_mallory001", "Mallory", mallory, "10.0.0.7").statusCode(200);
        String rawKeys = redis.hash(String.class).hgetall(RedisKeys.members(room.roomId())).toString();
        assertFalse(rawKeys.contains(mallory) || rawKeys.contains("10.0.0.7"), "only hashes are stored: " + rawKeys);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_mallory001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);
        // a reload: a new socket, so a new user id, the same device and address
        Api.joinFrom(room.roomId(), "u_mallory002", "Mallory", mallory, "10.0.0.7").statusCode(403)
                .body("error.code", is("banned"));
        // the same device elsewhere (mobile data)
        Api.joinFrom(room.roomId(), "u_mallory003", "M", mallory, "192.0.2.1").statusCode(403).body("error.code", is("banned"));
        // a private window: a new device key, the same address
        Api.joinFrom(room.roomId(), "u_mallory004", "M", "private-window-key-0001", "10.0.0.7").statusCode(403)
                .body("error.code", is("banned"));
        Api.joinFrom(room.roomId(), "u_mallory005", "M", null, "10.0.0.7").statusCode(403).body("error.code", is("banned"));
        // the friend on the same network was in the room before the kick: a reload lets it in
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), "u_friend0001").then().statusCode(204);
        Api.joinFrom(room.roomId(), "u_friend0002", "Friend", friend, "10.0.0.7").statusCode(200);
        // the host's list: the name and when, nothing that identifies the device
        given().header("Authorization", "Bearer nope").when().get("/rooms/{id}/bans", room.roomId()).then().statusCode(403);
        String banId = given().header("Authorization", room.bearer()).when().get("/rooms/{id}/bans", room.roomId()).then()
                .statusCode(200).body("bans", hasSize(1)).body("bans[0].username", is("Mallory"))
                .body("bans[0].device", is(true)).body("bans[0].addressUntil", greaterThan(System.currentTimeMillis()))
                .body(not(containsString(mallory)))
                .extract().path("bans[0].banId");
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}/bans/{b}", room.roomId(), "b_nosuchban012")
                .then().statusCode(404).body("error.code", is("not_found"));
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}/bans/{b}", room.roomId(), banId)
                .then().statusCode(204);
        given().header("Authorization", room.bearer()).when().get("/rooms/{id}/bans", room.roomId()).then()
                .body("bans", hasSize(0));
        Api.joinFrom(room.roomId(), "u_mallory006", "Mallory", mallory, "10.0.0.7").statusCode(200);
        Api.joinFrom(room.roomId(), "u_mallory007", "M2", "private-window-key-0001", "10.0.0.7").statusCode(200);
        // IPv6: the address ban covers the kicked guest's /64, not its neighbours'
        Api.joinFrom(room.roomId(), "u_sixer00001", "Sixer", "sixer-device-key-001", "2001:db8:1:2::10").statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("userId", "u_sixer00001"))
                .when().post("/rooms/{id}/kicks", room.roomId()).then().statusCode(204);
        Api.joinFrom(room.roomId(), "u_sixer00002", "Sixer 2", "sixer-private-key-01", "2001:db8:1:2:ffff::1").statusCode(403)
                .body("error.code", is("banned"));
        Api.joinFrom(room.roomId(), "u_sixer00003", "Next door", "next-door-device-key", "2001:db8:1:3::10").statusCode(200);
        // bad device keys are refused as bad input
        Api.joinFrom(room.roomId(), "u_mallory008", "M3", "short", null).statusCode(400).body("error.code", is("bad_message"));
        Api.joinFrom(room.roomId(), "u_mallory008", "M3", "has spaces in it, not ok!", null).statusCode(400);
    }

    @Test
    @DisplayName("a password-protected room refuses guests without the right password (403) but lets the host in")
    void password() {
        Api.Room room = Api.createRoom("secret");
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("password", "hunter2"))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200).body("hasPassword", is(true));
        assertFalse(redis.hash(String.class).hgetall(RedisKeys.room(room.roomId())).containsValue("hunter2"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, null).statusCode(403).body("error.code", is("password_required"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, "wrong").statusCode(403).body("error.code", is("wrong_password"));
        Api.join(room.roomId(), "gw-a", "u_pw000001", null, null, "hunter2").statusCode(200);
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("password", ""))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200).body("hasPassword", is(false));
        Api.joinGuest(room.roomId(), "u_pw000002").statusCode(200);
    }

    @Test
    @DisplayName("the host leaving a live room publishes host:status false; rejoining within the grace period reconnects it")
    void hostRejoinsWithinGrace() {
        Api.Room room = Api.createRoom("grace");
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(204);
        EventTap.get().await(room.roomId(), "user:left");
        given().when().get("/rooms/{id}", room.roomId()).then().body("hostConnected", is(false)).body("isLive", is(true));
        Api.joinHost(room).statusCode(200).body("room.hostConnected", is(true)).body("room.isLive", is(true));
        org.awaitility.Awaitility.await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.HostStatus).count() == 3);
        var statuses = EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.HostStatus)
                .map(e -> ((ServerMessage.HostStatus) e.message()).connected()).toList();
        assertEquals(java.util.List.of(true, false, true), statuses);
        // the grace period (2 s in tests) passes with the host back: the broadcast stays live
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(6))
                .until(() -> given().get("/rooms/{id}", room.roomId()).jsonPath().getBoolean("isLive"));
        assertFalse(EventTap.get().typesOf(room.roomId()).contains("broadcast:stopped"));
    }

    @Test
    @DisplayName("a host who does not come back within the grace period loses the broadcast: broadcast:stopped host_lost")
    void hostLost() {
        Api.Room room = Api.createRoom("lost");
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        given().when().delete("/rooms/{id}/members/{u}", room.roomId(), room.hostId()).then().statusCode(204);
        var stopped = (ServerMessage.BroadcastStopped) EventTap.get().await(room.roomId(), "broadcast:stopped").message();
        assertEquals("host_lost", stopped.reason());
        given().when().get("/rooms/{id}", room.roomId()).then().body("isLive", is(false)).body("$", not(hasKey("audioConfig")));
    }
}
