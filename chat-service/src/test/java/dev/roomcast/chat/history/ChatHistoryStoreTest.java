package dev.roomcast.chat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.chat.Rooms;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.message.ChatEntry;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ChatHistoryStoreTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ChatHistoryStore store;

    private static ChatEntry entry(String room, String id, String text, long ts) {
        return new ChatEntry(id, room, "u_1", "one", text, ts, false);
    }

    @Test
    @DisplayName("appending an id that is already stored keeps the original and stores nothing")
    void dedupe() {
        String room = Rooms.open(redis);
        ChatEntry original = entry(room, "2-40", "first", 1000);
        assertEquals(ChatHistoryStore.Outcome.STORED, store.append(original).outcome());
        store.append(entry(room, "2-41", "mentions 2-40 in its text", 1001));

        ChatHistoryStore.AppendResult again = store.append(entry(room, "2-40", "first", 2000));
        assertEquals(ChatHistoryStore.Outcome.DUPLICATE, again.outcome());
        assertEquals(original, again.entry(), "the stored original, with its first timestamp");
        assertEquals(List.of("2-40", "2-41"), store.history(room).stream().map(ChatEntry::id).toList());
        // an id that only appears inside another entry's text is not a duplicate
        assertEquals(ChatHistoryStore.Outcome.STORED, store.append(entry(room, "2-4", "x", 1002)).outcome());
    }

    @Test
    @DisplayName("a room deleted before the write stores nothing and leaves no chat list behind")
    void roomGone() {
        String room = RoomIds.newRoomId();
        assertEquals(ChatHistoryStore.Outcome.ROOM_GONE, store.append(entry(room, "0-1", "late", 1)).outcome());
        assertFalse(redis.key().exists(RedisKeys.chat(room)));
    }

    @Test
    @DisplayName("the list is capped at 100 and gets the inactivity timeout plus margin as TTL")
    void capAndTtl() {
        String room = Rooms.open(redis);
        for (int i = 0; i < 130; i++) {
            store.append(entry(room, "1-" + i, "m" + i, i));
        }
        List<ChatEntry> h = store.history(room);
        assertEquals(100, h.size());
        assertEquals("m30", h.get(0).message());
        assertEquals("m129", h.get(99).message());
        long ttl = redis.key().pttl(RedisKeys.chat(room));
        assertTrue(ttl > 7_100_000 && ttl <= 7_200_000, "TTL " + ttl);
    }
}
