package dev.roomcast.room.presence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.Api;
import dev.roomcast.room.EventTap;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PresenceVersionTest {

    @Test
    @DisplayName("concurrent joins and leaves each get their own presence version, 1..n with no gap, and the newest event carries the true count")
    void versionsOrderConcurrentChanges() throws Exception {
        EventTap.get();
        Api.Room room = Api.createRoom("versions");
        int guests = 12;
        ExecutorService pool = Executors.newFixedThreadPool(guests);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < guests; i++) {
                String user = "u_concurrent" + i;
                calls.add(pool.submit(() -> Api.joinGuest(room.roomId(), user).statusCode(200)));
            }
            for (Future<?> f : calls) {
                f.get();
            }
            calls.clear();
            for (int i = 0; i < guests / 2; i++) {
                String user = "u_concurrent" + i;
                calls.add(pool.submit(() -> RestAssured.given().when()
                        .delete("/rooms/{id}/members/{u}", room.roomId(), user).then().statusCode(204)));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int changes = guests + guests / 2;
        await().atMost(Duration.ofSeconds(15)).until(() -> presence(room.roomId()).size() == changes);
        List<RoomEvent> events = presence(room.roomId());
        List<Long> versions = events.stream().map(e -> version(e.message())).sorted().toList();
        assertEquals(LongStream.rangeClosed(1, changes).boxed().toList(), versions, "one version per change, no gap");
        RoomEvent newest = events.stream().max(Comparator.comparingLong(e -> version(e.message()))).orElseThrow();
        assertEquals(guests - guests / 2, count(newest.message()), "the newest event has the room's count");
        RestAssured.given().when().get("/rooms/{id}", room.roomId()).then().statusCode(200)
                .body("participantCount", org.hamcrest.Matchers.is(guests - guests / 2))
                .body("presenceVersion", org.hamcrest.Matchers.is(changes));
        assertTrue(events.stream().allMatch(e -> count(e.message()) >= 0));
    }

    private static List<RoomEvent> presence(String roomId) {
        return EventTap.get().of(roomId).stream()
                .filter(e -> e.message() instanceof ServerMessage.UserJoined || e.message() instanceof ServerMessage.UserLeft)
                .toList();
    }

    private static long version(ServerMessage m) {
        return m instanceof ServerMessage.UserJoined j ? j.presenceVersion() : ((ServerMessage.UserLeft) m).presenceVersion();
    }

    private static int count(ServerMessage m) {
        return m instanceof ServerMessage.UserJoined j ? j.participantCount() : ((ServerMessage.UserLeft) m).participantCount();
    }
}
