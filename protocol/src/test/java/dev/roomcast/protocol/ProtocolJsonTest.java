package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.roomcast.protocol.message.ProtocolJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static ProtocolException refused(String json) {
        return assertThrows(ProtocolException.class, () -> ProtocolJson.decodeClient(json));
    }

    @Test
    @DisplayName("a refused field names the message it came in (ref), whatever its code")
    void refusalsCarryTheType() {
        assertEquals("room:join", refused("{\"type\":\"room:join\",\"roomId\":\"short\"}").ref());
        assertEquals("room:create", refused("{\"type\":\"room:create\",\"roomName\":\"\\u200b\"}").ref());
        assertEquals("chat:message", refused("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\" \"}").ref());
        assertEquals("chat:message", refused("{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\""
                + "x".repeat(501) + "\"}").ref());
        ProtocolException config = refused("{\"type\":\"broadcast:start\",\"roomId\":\"AbC123_-xYz9\",\"audioConfig\":"
                + "{\"codec\":\"opus\",\"sampleRate\":44100,\"channels\":2,\"bitrate\":128000}}");
        assertEquals(ErrorCode.BAD_AUDIO_CONFIG, config.code());
        assertEquals("broadcast:start", config.ref());
        assertEquals("clock:ping", refused("{\"type\":\"clock:ping\",\"id\":\"7\",\"t0\":1}").ref());
    }

    @Test
    @DisplayName("a message whose type cannot be read has no ref")
    void noRefWithoutAKnownType() {
        assertNull(refused("{\"type\":").ref());
        assertNull(refused("[1]").ref());
        assertNull(refused("{\"type\":\"room:destroy\"}").ref());
        assertNull(refused("{\"type\":7}").ref());
    }

    @Test
    @DisplayName("trailing tokens after the object are bad_json, on the socket and in a REST body")
    void trailingTokens() {
        assertEquals(ErrorCode.BAD_JSON, refused("{\"type\":\"room:leave\"} {}").code());
        assertEquals(ErrorCode.BAD_JSON, refused("{\"type\":\"room:leave\"} x").code());
        record Body(String roomName) {}
        var e = assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> ProtocolJson.mapper().readValue("{\"roomName\":\"x\"} []", Body.class));
        assertEquals(ErrorCode.BAD_JSON, ProtocolJson.refusal(e).code());
        var big = assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> ProtocolJson.mapper().readValue("{\"roomName\":\"" + "n".repeat(5000) + "\"}", Body.class));
        assertEquals(ErrorCode.TOO_LARGE, ProtocolJson.refusal(big).code(), "a string past 4096 chars in a body, as on the socket");
    }
}
