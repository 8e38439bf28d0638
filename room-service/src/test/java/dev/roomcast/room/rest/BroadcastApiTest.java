package dev.roomcast.room.rest;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.Infra;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BroadcastApiTest {

    @BeforeAll
    static void tap() {
        EventTap.get();
    }

    @Test
    @DisplayName("the host goes live with an audio config: broadcast:started carries it with the room's preset")
    void startsAndStops() {
        Api.Room room = Api.createRoom("live", true);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200)
                .body("isLive", is(true)).body("audioConfig.codec", is("opus")).body("audioConfig.bitrate", is(128000));
        var started = (ServerMessage.BroadcastStarted) EventTap.get().await(room.roomId(), "broadcast:started").message();
        assertEquals(Codec.OPUS, started.audioConfig().codec());
        assertEquals(LatencyPreset.PARTY, started.preset());
        assertEquals(1200, started.playoutDelayMs());
        given().when().get("/rooms").then().body("find { it.roomId == '" + room.roomId() + "' }.isLive", is(true));

        given().header("Authorization", room.bearer()).when().delete("/rooms/{id}/broadcast", room.roomId())
                .then().statusCode(204);
        var stopped = (ServerMessage.BroadcastStopped) EventTap.get().await(room.roomId(), "broadcast:stopped").message();
        assertEquals("host", stopped.reason());
        given().when().get("/rooms/{id}", room.roomId()).then().body("isLive", is(false));
    }

    @Test
    @DisplayName("broadcast routes need the host token and a valid audio config")
    void broadcastChecks() {
        Api.Room room = Api.createRoom("checks");
        given().contentType(ContentType.JSON).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong").body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(403);
        given().header("Authorization", "Bearer wrong").when().delete("/rooms/{id}/broadcast", room.roomId()).then().statusCode(403);
        given().contentType(ContentType.JSON).header("Authorization", room.bearer())
                .body("{\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":44100,\"channels\":2,\"bitrate\":128000}}")
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(400).body("error.code", is("bad_audio_config"));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body("{}")
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(400).body("error.code", is("bad_message"));
    }

    @Test
    @DisplayName("settings change the preset and publish room:settings; unknown presets and empty bodies are 400")
    void settings() {
        Api.Room room = Api.createRoom("settings");
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("preset", "live"))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(200)
                .body("preset", is("live")).body("playoutDelayMs", is(400));
        var s = (ServerMessage.RoomSettingsChanged) EventTap.get().await(room.roomId(), "room:settings").message();
        assertEquals(LatencyPreset.LIVE, s.preset());
        assertEquals(400, s.playoutDelayMs());
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Map.of("preset", "turbo"))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(400).body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body("{}")
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("preset", "live"))
                .when().put("/rooms/{id}/settings", room.roomId()).then().statusCode(401);
    }

    @Test
    @DisplayName("stats: the relay's latest broadcast:stats of a live room, the guest count without the host, and the time live")
    void stats() throws Exception {
        Api.Room room = Api.createRoom("stats");
        Api.joinHost(room).statusCode(200);
        Api.joinGuest(room.roomId(), "u_statsg01").statusCode(200);
        Api.joinGuest(room.roomId(), "u_statsg02").statusCode(200);
        given().when().get("/rooms/{id}/stats", room.roomId()).then().statusCode(200)
                .body("bitrate", is(0)).body("guestCount", is(2)).body("duration", is(0));
        given().contentType(ContentType.JSON).header("Authorization", room.bearer()).body(Api.audioConfigJson())
                .when().post("/rooms/{id}/broadcast", room.roomId()).then().statusCode(200);
        var stats = new ServerMessage.BroadcastStats(room.roomId(), 128, 35, 0, 0, Tier.HIGH, 0.0, 1.5, null);
        String json = BusJson.encode(RoomEvent.toRoom(room.roomId(), stats));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", Infra.get().kafkaBootstrap()),
                new StringSerializer(), new StringSerializer())) {
            // sent again on every poll: the service's consumer group may still be joining
            await().pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
                producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS, room.roomId(), json)).get();
                given().when().get("/rooms/{id}/stats", room.roomId()).then().statusCode(200)
                        .body("bitrate", is(128)).body("latency", is(35)).body("guestCount", is(2))
                        .body("duration", greaterThanOrEqualTo(0)).body("bufferLevel", is(0));
            });
        }
        given().when().get("/rooms/{id}", room.roomId()).then().body("stats.bitrate", is(128));
        // the listeners' median buffer, from the health reports gateways send the host
        var health = new ServerMessage.ListenersHealth(room.roomId(), java.util.List.of(
                new dev.roomcast.protocol.message.ListenerHealth("u_statsg01", "A", Tier.HIGH, 1100, 30, 0.2, 0, false, System.currentTimeMillis()),
                new dev.roomcast.protocol.message.ListenerHealth("u_statsg02", "B", Tier.HIGH, 1180, 30, 0.2, 0, false, System.currentTimeMillis()),
                new dev.roomcast.protocol.message.ListenerHealth("u_statsg03", "C", Tier.LOW, 900, 30, 0.2, 0, false, System.currentTimeMillis())));
        String healthJson = BusJson.encode(RoomEvent.toUser(room.roomId(), room.hostId(), health));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", Infra.get().kafkaBootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS, room.roomId(), healthJson)).get();
            await().untilAsserted(() -> given().when().get("/rooms/{id}/stats", room.roomId()).then()
                    .body("bufferLevel", is(1100)).body("bitrate", is(128)));
        }
    }
}
