package dev.roomcast.room.rest;

import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.ServerClock;
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
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cover art (issue #17 item 3): uploaded once by the host, kept with the room, named in track:set. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ArtApiTest {
    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    static byte[] jpeg(Color color) throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** A PNG's signature and then anything: the type is told by the first bytes. */
    static byte[] png(String tail) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] rest = tail.getBytes(StandardCharsets.UTF_8);
        byte[] b = Arrays.copyOf(sig, sig.length + rest.length);
        System.arraycopy(rest, 0, b, sig.length, rest.length);
        return b;
    }

    static ValidatableResponse upload(Api.Room room, String auth, byte[] image) {
        var req = given().contentType("application/octet-stream").body(image);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.when().put("/rooms/{id}/art", room.roomId()).then();
    }

    static ValidatableResponse fetch(Api.Room room, String sha) {
        return given().when().get("/rooms/{id}/art/{sha}", room.roomId(), sha).then();
    }

    @Test
    @DisplayName("the host uploads a JPEG: named by its SHA-256, served back byte for byte as image/jpeg; uploading it again stores it once")
    void uploadAndFetch() throws IOException {
        Api.Room room = Api.createRoom("Art");
        byte[] image = jpeg(Color.ORANGE);
        String sha = CoverArt.hash(image);
        upload(room, room.bearer(), image).statusCode(200).body("art", is(sha))
                .body("url", is("/api/rooms/" + room.roomId() + "/art/" + sha))
                .body("contentType", is("image/jpeg")).body("bytes", is(image.length));
        upload(room, room.bearer(), image).statusCode(200).body("art", is(sha));
        byte[] served = fetch(room, sha).statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertArrayEquals(image, served);
        assertEquals(1, redis.hash(byte[].class).hlen(RedisKeys.art(room.roomId())));
    }

    @Test
    @DisplayName("refused and nothing stored: no token, another room's token, a GIF, text, an empty body, 256 KiB + 1; unknown or malformed hashes are 404")
    void refusals() {
        Api.Room room = Api.createRoom("Art refusals");
        Api.Room other = Api.createRoom("Other");
        byte[] ok = png("fine");
        upload(room, null, ok).statusCode(401).body("error.code", is("unauthorized"));
        upload(room, other.bearer(), ok).statusCode(403).body("error.code", is("forbidden"));
        upload(room, room.bearer(), "GIF89a....".getBytes(StandardCharsets.US_ASCII)).statusCode(415)
                .body("error.code", is("unsupported_media_type"));
        upload(room, room.bearer(), "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)).statusCode(415);
        upload(room, room.bearer(), new byte[0]).statusCode(400).body("error.code", is("bad_message"));
        byte[] big = Arrays.copyOf(png(""), 256 * 1024 + 1);
        upload(room, room.bearer(), big).statusCode(413).body("error.code", is("too_large"));
        assertEquals(0, redis.hash(byte[].class).hlen(RedisKeys.art(room.roomId())));
        fetch(room, CoverArt.hash(ok)).statusCode(404).body("error.code", is("not_found"));
        fetch(room, "nothex").statusCode(404).body("error.code", is("not_found"));
        // art is per room: another room's cover is not found under this one
        upload(other, other.bearer(), ok).statusCode(200);
        fetch(room, CoverArt.hash(ok)).statusCode(404);
        fetch(other, CoverArt.hash(ok)).statusCode(200).contentType("image/png");
        given().contentType("application/octet-stream").header("Authorization", "Bearer x").body(ok)
                .when().put("/rooms/{id}/art", "AbC123_-xYz9").then().statusCode(404).body("error.code", is("room_not_found"));
    }

    @Test
    @DisplayName("a room keeps its 32 newest covers: the 33rd evicts the oldest (one uploaded again counts as new)")
    void capEvictsOldest() {
        Api.Room room = Api.createRoom("Art cap");
        for (int i = 0; i < 32; i++) {
            upload(room, room.bearer(), png("n" + i)).statusCode(200);
        }
        upload(room, room.bearer(), png("n0")).statusCode(200); // n0 is the newest now
        upload(room, room.bearer(), png("n32")).statusCode(200);
        fetch(room, CoverArt.hash(png("n1"))).statusCode(404);
        fetch(room, CoverArt.hash(png("n0"))).statusCode(200);
        fetch(room, CoverArt.hash(png("n2"))).statusCode(200);
        fetch(room, CoverArt.hash(png("n32"))).statusCode(200);
        assertEquals(32, redis.hash(byte[].class).hlen(RedisKeys.art(room.roomId())));
        assertEquals(32, redis.sortedSet(String.class).zcard(RedisKeys.artOrder(room.roomId())));
    }

    @Test
    @DisplayName("a room's covers go with it: closed, its art is 404 and its keys are gone")
    void goesWithTheRoom() {
        Api.Room room = Api.createRoom("Art lifetime");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 tail".getBytes(StandardCharsets.ISO_8859_1);
        upload(room, room.bearer(), webp).statusCode(200).body("contentType", is("image/webp"));
        fetch(room, CoverArt.hash(webp)).statusCode(200).contentType("image/webp");
        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}", room.roomId()).then().statusCode(200);
        fetch(room, CoverArt.hash(webp)).statusCode(404);
        assertEquals(0, redis.key().exists(RedisKeys.art(room.roomId()), RedisKeys.artOrder(room.roomId())));
    }

    @Test
    @DisplayName("track:set names a cover only if this room keeps it: the room hears track:changed with its hash; another room's or an unknown hash is bad_message")
    void trackNamesStoredArt() throws IOException {
        Api.Room room = Api.createRoom("Art track");
        Api.Room other = Api.createRoom("Art elsewhere");
        Api.joinHost(room).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        byte[] mine = jpeg(Color.BLUE);
        byte[] theirs = jpeg(Color.RED);
        String sha = upload(room, room.bearer(), mine).statusCode(200).extract().path("art");
        String elsewhere = upload(other, other.bearer(), theirs).statusCode(200).extract().path("art");
        long at = ServerClock.nowUs() + 200_000;
        putTrack(room, at, elsewhere).statusCode(400).body("error.code", is("bad_message"));
        putTrack(room, at, CoverArt.hash(new byte[] {1})).statusCode(400).body("error.code", is("bad_message"));
        putTrack(room, at, "../" + sha.substring(3)).statusCode(400).body("error.code", is("bad_message"));
        putTrack(room, at, sha).statusCode(200).body("art", is(sha));
        var changed = (ServerMessage.TrackChanged) await().until(() -> EventTap.get().of(room.roomId()).stream()
                .filter(e -> e.message() instanceof ServerMessage.TrackChanged).findFirst(), java.util.Optional::isPresent)
                .get().message();
        assertEquals(new ServerMessage.TrackChanged(room.roomId(), "Blue", null, null, at, sha), changed);
        given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200).body("track.art", is(sha));
    }

    private static ValidatableResponse putTrack(Api.Room room, long atUs, String art) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Blue");
        body.put("atUs", atUs);
        body.put("art", art);
        return given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(body)
                .when().put("/rooms/{id}/track", room.roomId()).then();
    }
}
