package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    @DisplayName("chat text loses control and bidi-override characters but keeps new lines and HTML as text")
    void cleansChat() {
        assertEquals("a\nb <i>x</i>", Text.chat("  a\u0000\n\u202eb <i>x</i>\u0007 "));
    }

    @Test
    @DisplayName("a chat message of 500 characters passes, 501 is refused as too long")
    void chatLength() {
        assertEquals(500, Text.chat("é".repeat(500)).length());
        assertEquals(ErrorCode.CHAT_TOO_LONG, assertThrows(ProtocolException.class, () -> Text.chat("x".repeat(501))).code());
    }

    @Test
    @DisplayName("room ids are 12 URL-safe characters, unique across many draws")
    void roomIds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RoomIds.newRoomId();
            assertTrue(RoomIds.isValid(id), id);
            assertTrue(seen.add(id));
        }
        assertFalse(RoomIds.isValid("abc"));
        assertFalse(RoomIds.isValid("abc/def?ghij"));
        assertEquals(43, RoomIds.newHostToken().length(), "256-bit tokens");
    }

    @Test
    @DisplayName("a room's audio topic name round-trips to its room id and refuses foreign names")
    void topics() {
        String id = RoomIds.newRoomId();
        assertEquals(id, Topics.roomOfAudioTopic(Topics.roomAudio(id)));
        assertEquals(null, Topics.roomOfAudioTopic("roomcast.room.events"));
        assertThrows(IllegalArgumentException.class, () -> Topics.roomAudio("../etc"));
    }
}
