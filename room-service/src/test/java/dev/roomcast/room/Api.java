package dev.roomcast.room;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Small rest-assured helpers for the room-service API. */
public final class Api {
    private Api() {}

    public record Room(String roomId, String hostId, String hostToken) {
        public String bearer() {
            return "Bearer " + hostToken;
        }
    }

    /** An unlisted room (the default): reached by its link only. */
    public static Room createRoom(String name) {
        return createRoom(name, false);
    }

    /** listed: on the public list (GET /rooms) while live. */
    public static Room createRoom(String name, boolean listed) {
        JsonPath j = given().contentType(ContentType.JSON).body(Map.of("roomName", name, "listed", listed))
                .when().post("/rooms").then().statusCode(201).extract().jsonPath();
        return new Room(j.getString("roomId"), j.getString("hostId"), j.getString("hostToken"));
    }

    public static ValidatableResponse join(String roomId, String gatewayId, String userId, String username,
                                           String hostToken, String password) {
        return join(roomId, gatewayId, userId, username, hostToken, password, null);
    }

    /** address: the client IP the gateway saw (wrong passwords are counted per address). */
    public static ValidatableResponse join(String roomId, String gatewayId, String userId, String username,
                                           String hostToken, String password, String address) {
        Map<String, Object> body = new HashMap<>();
        if (address != null) {
            body.put("address", address);
        }
        body.put("gatewayId", gatewayId);
        body.put("userId", userId);
        if (username != null) {
            body.put("username", username);
        }
        if (hostToken != null) {
            body.put("hostToken", hostToken);
        }
        if (password != null) {
            body.put("password", password);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/rooms/{id}/members", roomId).then();
    }

    public static ValidatableResponse joinGuest(String roomId, String userId) {
        return join(roomId, "gw-test", userId, null, null, null);
    }

    public static ValidatableResponse joinHost(Room room) {
        return join(room.roomId(), "gw-test", "u_whatever", "Hosty", room.hostToken(), null);
    }

    public static String audioConfigJson() {
        return "{\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":128000}}";
    }
}
