package dev.roomcast.room.rest;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.room.Api;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ListenerLimitTest {

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URI base;

    @Test
    @DisplayName("150 concurrent guest joins with a limit of 100: exactly 99 get in (the host's place stays free), 51 get 409 room_full, and the host still gets in")
    void limitHoldsUnderConcurrency() {
        Api.Room room = Api.createRoom("crowded");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String body = "{\"gatewayId\":\"gw-load-" + (i % 3) + "\",\"userId\":\"u_load" + i + "\"}";
            HttpRequest req = HttpRequest.newBuilder(base.resolve("rooms/" + room.roomId() + "/members"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            calls.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, 99L, 409, 51L), byStatus);
        answers.stream().filter(a -> a.statusCode() == 409).forEach(a -> {
            assertTrue(a.body().contains("\"code\":\"room_full\""), a.body());
            assertTrue(a.body().contains("\"maxUsers\":100"), a.body());
        });
        assertEquals(99, redis.hash(String.class).hlen(RedisKeys.members(room.roomId())));

        Api.joinHost(room).statusCode(200);
        assertEquals(100, redis.hash(String.class).hlen(RedisKeys.members(room.roomId())));
        Api.joinGuest(room.roomId(), "u_onemore").statusCode(409).body("error.code", is("room_full"));
        // a member already in can always rejoin (e.g. through another gateway)
        Api.join(room.roomId(), "gw-other", "u_load" + firstAdmitted(answers), null, null, null).statusCode(200);
    }

    private static int firstAdmitted(List<HttpResponse<String>> answers) {
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).statusCode() == 200) {
                return i;
            }
        }
        throw new AssertionError("nobody got in");
    }
}
