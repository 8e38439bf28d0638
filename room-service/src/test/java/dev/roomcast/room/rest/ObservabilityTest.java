package dev.roomcast.room.rest;

import dev.roomcast.room.Api;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ObservabilityTest {

    @Test
    @DisplayName("readiness is UP with Redis and Kafka reachable, and names both checks")
    void ready() {
        await().untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body(containsString("Redis"))
                .body(containsStringIgnoringCase("kafka")));
    }

    @Test
    @DisplayName("Prometheus metrics count created rooms and refused joins by reason")
    void metrics() {
        Api.Room room = Api.createRoom("metrics");
        Api.join(room.roomId(), "gw-m", "u_metric01", null, "wrong-token", null).statusCode(403);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("roomcast_rooms_created_total"))
                .body(containsString("roomcast_joins_refused_total{reason=\"forbidden\"}"));
    }

    @Test
    @DisplayName("the OpenAPI document describes the room routes")
    void openapi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/rooms/{id}/members"))
                .body(containsString("/gateways/{gatewayId}"));
    }
}
