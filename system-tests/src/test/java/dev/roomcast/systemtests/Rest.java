package dev.roomcast.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The gateway's REST API, as a page or a script would call it. */
public final class Rest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, JsonNode body) {}

    /** A room created with POST /api/rooms: its id and the host's token. */
    public record Room(String roomId, String hostToken, String hostId) {}

    private Rest() {}

    /** An unlisted room (the default): reached by its link only. */
    public static Room createRoom(ServiceProcess gateway, String name) {
        return createRoom(gateway, name, false);
    }

    /** listed: on the home page's list (GET /api/rooms) while live. */
    public static Room createRoom(ServiceProcess gateway, String name, boolean listed) {
        Reply r = call(gateway, "POST", "/api/rooms",
                WsClient.JSON.createObjectNode().put("roomName", name).put("listed", listed).toString(), null);
        if (r.status() != 201) {
            throw new AssertionError("POST /api/rooms on " + gateway.baseUrl() + " answered " + r.status() + " " + r.body());
        }
        return new Room(r.body().path("roomId").asText(), r.body().path("hostToken").asText(), r.body().path("hostId").asText());
    }

    public static Reply get(ServiceProcess gateway, String path) {
        return call(gateway, "GET", path, null, null);
    }

    public static Reply delete(ServiceProcess gateway, String path, String bearer) {
        return call(gateway, "DELETE", path, null, bearer);
    }

    public static Reply call(ServiceProcess gateway, String method, String path, String json, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? WsClient.JSON.nullNode() : WsClient.JSON.readTree(r.body());
            return new Reply(r.statusCode(), body);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
