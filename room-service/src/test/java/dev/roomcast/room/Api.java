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
        return postJoin(roomId, gatewayId, userId, "username", username, "hostToken", hostToken, "password", password);
    }

    /** address: the client IP the gateway saw (wrong passwords are counted per address). */
    public static ValidatableResponse join(String roomId, String gatewayId, String userId, String username,
                                           String hostToken, String password, String address) {
        return postJoin(roomId, gatewayId, userId, "username", username, "hostToken", hostToken, "password", password,
                "address", address);
    }

    /** A guest join from a browser with this device key and address (either may be null). */
    public static ValidatableResponse joinFrom(String roomId, String userId, String username, String deviceKey,
                                               String address) {
        return postJoin(roomId, "gw-test", userId, "username", username, "deviceKey", deviceKey, "address", address);
    }

    /** POST /rooms/{id}/members with the optional fields given as name, value pairs (null values left out). */
    private static ValidatableResponse postJoin(String roomId, String gatewayId, String userId, String... optional) {
        Map<String, Object> body = new HashMap<>();
        body.put("gatewayId", gatewayId);
        body.put("userId", userId);
        for (int i = 0; i + 1 < optional.length; i += 2) {
            if (optional[i + 1] != null) {
                body.put(optional[i], optional[i + 1]);
            }
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
