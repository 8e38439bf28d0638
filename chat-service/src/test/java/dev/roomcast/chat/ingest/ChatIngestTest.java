package dev.roomcast.chat.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.chat.Rooms;
import dev.roomcast.chat.TestBus;
import dev.roomcast.chat.history.ChatHistoryStore;
import dev.roomcast.protocol.DeviceKeys;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.bus.ChatIngest;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.message.ChatEntry;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ChatIngestTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;

    @Inject
    ChatHistoryStore store;

    private final TestBus bus = TestBus.get();

    private ServerMessage.Error awaitError(String roomId, String userId) {
        await().atMost(WAIT).until(() -> !bus.errorsTo(roomId, userId).isEmpty());
        return bus.errorsTo(roomId, userId).get(0);
    }

    @Test
    @DisplayName("an accepted message gets an id and a server timestamp, is stored and is published to the whole room")
    void accepted() {
        String room = Rooms.open(redis);
        long before = System.currentTimeMillis();
        var meta = bus.send(room, "u_alice", "  hello\u0007 room  ");

        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        ServerMessage.ChatMessage m = bus.chats(room).get(0);
        assertEquals(meta.partition() + "-" + meta.offset(), m.id());
        assertEquals("hello room", m.message(), "trimmed, control characters removed");
        assertEquals("u_alice", m.userId());
        assertEquals("name-u_alice", m.username());
        assertTrue(m.timestamp() >= before && m.timestamp() <= System.currentTimeMillis() + 1);
        assertEquals(List.of(new ChatEntry(m.id(), room, "u_alice", "name-u_alice", "hello room", m.timestamp(), false)),
                store.history(room));
        long ttl = redis.key().pttl(RedisKeys.chat(room));
        assertTrue(ttl > Duration.ofMinutes(119).toMillis() && ttl <= Duration.ofHours(2).toMillis(), "TTL " + ttl);
    }

    @Test
    @DisplayName("the stream time its sender heard (atUs) is kept with the message, in the history and to the room")
    void streamTime() {
        String room = Rooms.open(redis);
        long atUs = System.currentTimeMillis() * 1000 - 1_200_000;
        bus.send(new ChatIngest(room, "u_dj", "DJ", false, "this drop!", "gw-test", System.currentTimeMillis(), null, null, atUs));
        bus.send(room, "u_quiet", "no stream time");

        await().atMost(WAIT).until(() -> bus.chats(room).size() == 2);
        assertEquals(atUs, bus.chats(room).get(0).atUs());
        assertEquals(null, bus.chats(room).get(1).atUs(), "optional: absent when the page did not say");
        assertEquals(atUs, store.history(room).get(0).atUs());
    }

    @Test
    @DisplayName("HTML is stored and published verbatim as text: escaping is the browser's job (textContent)")
    void htmlVerbatim() {
        String room = Rooms.open(redis);
        String html = "<img src=x onerror=alert(1)> & <script>\"x\"</script>";
        bus.send(room, "u_mallory", html);

        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        assertEquals(html, bus.chats(room).get(0).message());
        assertEquals(html, store.history(room).get(0).message());
    }

    @Test
    @DisplayName("an empty or blank message is refused with chat_empty to its sender only, nothing stored")
    void empty() {
        String room = Rooms.open(redis);
        bus.send(room, "u_a", " \u0000\u0007 \n\t ");
        bus.send(room, "u_b", "");

        for (String user : List.of("u_a", "u_b")) {
            ServerMessage.Error e = awaitError(room, user);
            assertEquals(ErrorCode.CHAT_EMPTY, e.code());
            assertEquals("chat:message", e.ref());
        }
        assertTrue(bus.chats(room).isEmpty());
        assertTrue(store.history(room).isEmpty());
        assertFalse(redis.key().exists(RedisKeys.chat(room)));
    }

    @Test
    @DisplayName("501 characters are refused with chat_too_long, 500 are accepted")
    void tooLong() {
        String room = Rooms.open(redis);
        bus.send(room, "u_long", "x".repeat(501));
        bus.send(room, "u_ok", "y".repeat(500));

        assertEquals(ErrorCode.CHAT_TOO_LONG, awaitError(room, "u_long").code());
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        assertEquals("u_ok", store.history(room).get(0).userId());
        assertEquals(500, store.history(room).get(0).message().length());
    }

    @Test
    @DisplayName("a member the host muted (by user id, or by device after a reload) is refused with muted until the mute ends; others and the host are not")
    void muted() {
        String room = Rooms.open(redis);
        long until = System.currentTimeMillis() + 60_000;
        // as room-service's POST /rooms/{id}/mutes writes it (docs/REDIS.md)
        redis.hash(String.class).hset(RedisKeys.muted(room), java.util.Map.of("u:u_loud", String.valueOf(until),
                "d:" + DeviceKeys.hash("loud-device-key-0001"), String.valueOf(until)));
        bus.send(room, "u_loud", "LOUD");
        // a reload: a new user id, the same device
        bus.send(new ChatIngest(room, "u_loud2", "Loud", false, "STILL LOUD", "gw-test", System.currentTimeMillis(),
                DeviceKeys.hash("loud-device-key-0001"), null));
        bus.send(room, "u_quiet", "hello");
        for (String user : List.of("u_loud", "u_loud2")) {
            ServerMessage.Error e = awaitError(room, user);
            assertEquals(ErrorCode.MUTED, e.code());
            assertEquals("chat:message", e.ref());
            assertTrue(e.message().contains("more seconds"), e.message());
        }
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        assertEquals("u_quiet", bus.chats(room).get(0).userId());
        // lifted (room-service deletes the fields): the same device may chat again
        redis.hash(String.class).hdel(RedisKeys.muted(room), "u:u_loud", "d:" + DeviceKeys.hash("loud-device-key-0001"));
        bus.send(room, "u_loud", "sorry");
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 2);
    }

    @Test
    @DisplayName("the host deletes a message: gone from history, chat:deleted to the room; a guest cannot (not_cohost), an unknown id is not_found")
    void hostDeletes() {
        String room = Rooms.open(redis);
        var meta = bus.send(room, "u_spam", "buy stuff");
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        String id = meta.partition() + "-" + meta.offset();
        bus.send(new ChatIngest(room, "u_guest", "G", false, null, "gw-test", System.currentTimeMillis(), null, id));
        assertEquals(ErrorCode.NOT_COHOST, awaitError(room, "u_guest").code());
        assertEquals(1, store.history(room).size());
        bus.send(new ChatIngest(room, "u_host", "H", true, null, "gw-test", System.currentTimeMillis(), null, id));
        await().atMost(WAIT).until(() -> bus.events(room).stream().anyMatch(e -> e.message() instanceof ServerMessage.ChatDeleted d
                && d.messageId().equals(id)));
        assertTrue(store.history(room).isEmpty());
        bus.send(new ChatIngest(room, "u_host", "H", true, null, "gw-test", System.currentTimeMillis(), null, "0-999999"));
        ServerMessage.Error e = awaitError(room, "u_host");
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("chat:delete", e.ref());
    }

    @Test
    @DisplayName("a co-host (the flag in room-service's member entry) deletes messages; demoted, it cannot")
    void cohostDeletes() {
        String room = Rooms.open(redis);
        member(room, "u_co", true);
        var meta = bus.send(room, "u_spam", "buy stuff");
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        String id = meta.partition() + "-" + meta.offset();
        bus.send(new ChatIngest(room, "u_co", "Co", false, null, "gw-test", System.currentTimeMillis(), null, id));
        await().atMost(WAIT).until(() -> bus.events(room).stream().anyMatch(e -> e.message() instanceof ServerMessage.ChatDeleted d
                && d.messageId().equals(id)));
        var meta2 = bus.send(room, "u_spam", "more stuff");
        await().atMost(WAIT).until(() -> store.history(room).size() == 1);
        member(room, "u_co", false);
        bus.send(new ChatIngest(room, "u_co", "Co", false, null, "gw-test", System.currentTimeMillis(), null,
                meta2.partition() + "-" + meta2.offset()));
        assertEquals(ErrorCode.NOT_COHOST, awaitError(room, "u_co").code());
        assertEquals(1, store.history(room).size());
    }

    /** A member entry as room-service's join and co-host scripts write it (docs/REDIS.md). */
    private void member(String room, String userId, boolean cohost) {
        redis.hash(String.class).hset(RedisKeys.members(room), userId,
                "{\"userId\":\"" + userId + "\",\"username\":\"Co\",\"isHost\":false,\"cohost\":" + cohost + "}");
    }

    @Test
    @DisplayName("slow mode: a guest's second message within N s is slow_mode with retryAfter, also after a reload (same device); the host and co-hosts are not held to it")
    void slowMode() {
        String room = Rooms.open(redis);
        redis.hash(String.class).hset(RedisKeys.room(room), "slowMode", "30");
        member(room, "u_co", true);
        String device = DeviceKeys.hash("slow-device-key-0001");
        bus.send(new ChatIngest(room, "u_slow", "Slow", false, "first", "gw-test", System.currentTimeMillis(), device, null));
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1);
        bus.send(new ChatIngest(room, "u_slow", "Slow", false, "second", "gw-test", System.currentTimeMillis(), device, null));
        ServerMessage.Error e = awaitError(room, "u_slow");
        assertEquals(ErrorCode.SLOW_MODE, e.code());
        assertEquals("chat:message", e.ref());
        assertTrue(e.retryAfter() != null && e.retryAfter() >= 28 && e.retryAfter() <= 30, "retryAfter " + e.retryAfter());
        // a reload: a new user id, the same device
        bus.send(new ChatIngest(room, "u_slow2", "Slow", false, "again", "gw-test", System.currentTimeMillis(), device, null));
        assertEquals(ErrorCode.SLOW_MODE, awaitError(room, "u_slow2").code());
        // the host and a co-host send as they like; another guest has its own slot
        for (int i = 0; i < 3; i++) {
            bus.send(new ChatIngest(room, "u_host", "H", true, "host " + i, "gw-test", System.currentTimeMillis(), null, null));
            bus.send(room, "u_co", "co " + i);
        }
        bus.send(room, "u_other", "hello");
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 8);
        // off again: the guest may send
        redis.hash(String.class).hset(RedisKeys.room(room), "slowMode", "0");
        bus.send(new ChatIngest(room, "u_slow", "Slow", false, "third", "gw-test", System.currentTimeMillis(), device, null));
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 9);
    }

    @Test
    @DisplayName("a message to a room that does not exist (closed) is refused with room_closed, no history is created")
    void roomClosed() {
        String room = RoomIds.newRoomId();
        bus.send(room, "u_late", "anyone here?");

        ServerMessage.Error e = awaitError(room, "u_late");
        assertEquals(ErrorCode.ROOM_CLOSED, e.code());
        assertEquals("chat:message", e.ref());
        assertFalse(redis.key().exists(RedisKeys.chat(room)));
    }

    @Test
    @DisplayName("a burst of 20 from one user: 5 accepted, 15 rate_limited to that user; another user is unaffected")
    void burstRateLimited() {
        String room = Rooms.open(redis);
        List<String> users = new ArrayList<>(Collections.nCopies(20, "u_flood"));
        List<String> texts = new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> "flood " + i).toList());
        users.add("u_calm");
        texts.add("hi");
        bus.sendAll(room, users, texts);

        await().atMost(WAIT).until(() -> bus.chats(room).size() + bus.errorsTo(room, "u_flood").size() == 21);
        List<ServerMessage.ChatMessage> chats = bus.chats(room);
        assertEquals(List.of("flood 0", "flood 1", "flood 2", "flood 3", "flood 4", "hi"),
                chats.stream().map(ServerMessage.ChatMessage::message).toList());
        List<ServerMessage.Error> errors = bus.errorsTo(room, "u_flood");
        assertEquals(15, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.code() == ErrorCode.RATE_LIMITED && "chat:message".equals(e.ref())));
        assertTrue(bus.errorsTo(room, "u_calm").isEmpty());
        assertEquals(6, store.history(room).size());
    }

    @Test
    @DisplayName("history keeps the last 100 messages, oldest first, in the order they were sent")
    void historyCapped() {
        String room = Rooms.open(redis);
        // 105 messages from 21 users, 5 each: within everyone's burst
        List<String> users = IntStream.range(0, 105).mapToObj(i -> "u_" + (i / 5)).toList();
        List<String> texts = IntStream.range(0, 105).mapToObj(i -> "m" + i).toList();
        bus.sendAll(room, users, texts);

        await().atMost(WAIT).until(() -> bus.chats(room).size() == 105);
        List<ChatEntry> history = store.history(room);
        assertEquals(texts.subList(5, 105), history.stream().map(ChatEntry::message).toList());
        assertEquals(100, redis.list(String.class).llen(RedisKeys.chat(room)));
        assertNull(bus.errorsTo(room, "u_0").stream().findAny().orElse(null));
    }
}
