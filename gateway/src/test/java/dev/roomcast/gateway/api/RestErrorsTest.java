package dev.roomcast.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.roomcast.testsupport.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class RestErrorsTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    @DisplayName("every refusal under /api is the documented JSON error body with its status: 404, 405, 413, 415, 400")
    void jsonErrorsEverywhere() {
        given().when().get("/api/nope").then().statusCode(404).contentType(ContentType.JSON).body("error.code", is("not_found"));
        given().when().get("/api/rooms/AbC123_-xYz9/nope/deeper").then().statusCode(404).body("error.code", is("not_found"));
        given().contentType(ContentType.JSON).body("{}").when().put("/api/rooms").then().statusCode(405)
                .contentType(ContentType.JSON).body("error.code", is("method_not_allowed"));
        given().contentType("text/plain").body("{\"roomName\":\"x\"}").when().post("/api/rooms").then().statusCode(415)
                .body("error.code", is("unsupported_media_type"));
        given().contentType(ContentType.JSON).body("{\"roomName\":\"" + "n".repeat(20_000) + "\"}").when().post("/api/rooms")
                .then().statusCode(413).body("error.code", is("too_large"));
        given().contentType(ContentType.JSON).body("{\"roomName\":\"x\"} []").when().post("/api/rooms").then().statusCode(400)
                .body("error.code", is("bad_json"));
        given().contentType(ContentType.JSON).body("{\"roomName\":7}").when().post("/api/rooms").then().statusCode(400)
                .body("error.code", is("bad_message"));
        given().contentType(ContentType.JSON).body("{\"roomName\":\"\\u200b \\u200b\"}").when().post("/api/rooms").then()
                .statusCode(400).body("error.code", is("invalid_name"));
        given().when().get("/api/rooms/short").then().statusCode(400).body("error.code", is("invalid_room_id"));
        given().when().get("/api/rooms/AAAAAAAAAAAA").then().statusCode(404).body("error.code", is("room_not_found"));
    }

    @Test
    @DisplayName("a foreign page gets 403 forbidden_origin as JSON; its own page and a script pass; a preflight from its own origin is granted")
    void cors() {
        given().header("Origin", "https://evil.example").when().get("/api/rooms").then().statusCode(403)
                .contentType(ContentType.JSON).body("error.code", is("forbidden_origin"));
        given().header("Origin", "https://evil.example").contentType("text/plain").body("{\"roomName\":\"csrf\"}")
                .when().post("/api/rooms").then().statusCode(403).body("error.code", is("forbidden_origin"));
        given().when().get("/api/rooms").then().statusCode(200);
        String self = "http://" + base.getHost() + ":" + base.getPort();
        given().header("Origin", self).header("Host", base.getHost() + ":" + base.getPort())
                .header("Access-Control-Request-Method", "POST").when().options("/api/rooms")
                .then().log().ifValidationFails().statusCode(204).header("Access-Control-Allow-Origin", self);
    }

    @Test
    @DisplayName("an unknown page is the styled not-found page with status 404; a bad room link too")
    void notFoundPage() {
        given().when().get("/no/such/page").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("href=\"/\""));
        given().when().get("/room/not-a-room-id").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("href=\"/\""));
        given().when().get("/").then().statusCode(200);
    }
}
