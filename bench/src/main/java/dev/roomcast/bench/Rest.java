package dev.roomcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few REST calls the benchmarks make (room create, settings, broadcast). */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rest() {}

    /** PUT/GET are retried (3 attempts) on a timeout: on a loaded box room-service answers late, not wrongly. */
    static JsonNode call(String method, String url, String body, String bearer) throws Exception {
        int attempts = "POST".equals(method) ? 1 : 3;
        for (int a = 1; ; a++) {
            try {
                return call1(method, url, body, bearer);
            } catch (java.net.http.HttpTimeoutException e) {
                if (a >= attempts) {
                    throw e;
                }
                System.out.println("[bench] " + method + " " + url + " timed out (attempt " + a + "), retrying");
            }
        }
    }

    private static JsonNode call1(String method, String url, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " → " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** A room created through the gateway, broadcasting 128 kbps Opus, with the given preset. */
    record Room(String id, String hostToken) {}

    static Room liveRoom(Bench.Stack s, String preset) throws Exception {
        JsonNode r = call("POST", s.gateway.baseUrl() + "/api/rooms", "{\"roomName\":\"bench\"}", null);
        Room room = new Room(r.get("roomId").asText(), r.get("hostToken").asText());
        call("POST", s.room.baseUrl() + "/rooms/" + room.id() + "/broadcast",
                "{\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":128000}}", room.hostToken());
        preset(s, room, preset);
        return room;
    }

    static void preset(Bench.Stack s, Room room, String preset) throws Exception {
        call("PUT", s.room.baseUrl() + "/rooms/" + room.id() + "/settings", "{\"preset\":\"" + preset + "\"}", room.hostToken());
    }
}
