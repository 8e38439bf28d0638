package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The byte-level vectors that web-ui/test/protocol.test.mjs checks too: Java and JS agree on the wire. */
class TestVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(Files.readString(Path.of("test-vectors.json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    @DisplayName("every good frame encodes to exactly its bytes and decodes back to its fields")
    Stream<DynamicTest> goodFrames() {
        assertFalse(VECTORS.get("frames").isEmpty());
        return stream(VECTORS.get("frames")).map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            List<byte[]> packets = new ArrayList<>();
            v.get("packets").forEach(p -> packets.add(HEX.parseHex(p.asText())));
            AudioFrame frame = new AudioFrame(Codec.ofWire(v.get("codec").asText()), Tier.ofWire(v.get("tier").asText()),
                    v.get("sequence").asLong(), v.get("captureTimeUs").asLong(), v.get("packetSamples").asInt(),
                    v.get("flags").asInt(), packets);
            byte[] expected = HEX.parseHex(v.get("hex").asText());
            assertArrayEquals(expected, frame.encode());
            AudioFrame decoded = AudioFrames.decode(expected);
            assertEquals(frame.codec(), decoded.codec());
            assertEquals(frame.tier(), decoded.tier());
            assertEquals(frame.sequence(), decoded.sequence());
            assertEquals(frame.captureTimeUs(), decoded.captureTimeUs());
            assertEquals(frame.flags(), decoded.flags());
            assertEquals(packets.size(), decoded.packets().size());
            for (int i = 0; i < packets.size(); i++) {
                assertArrayEquals(packets.get(i), decoded.packets().get(i));
            }
        }));
    }

    @TestFactory
    @DisplayName("every bad frame is refused with its error code")
    Stream<DynamicTest> badFrames() {
        return stream(VECTORS.get("badFrames")).map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            byte[] bytes = HEX.parseHex(v.get("hex").asText());
            ProtocolException e = assertThrows(ProtocolException.class, () -> AudioFrames.decode(bytes));
            assertEquals(v.get("error").asText(), e.code().wire());
        }));
    }

    @TestFactory
    @DisplayName("every client message decodes and encodes back to the same JSON")
    Stream<DynamicTest> clientMessages() {
        return stream(VECTORS.get("clientMessages")).map(v -> DynamicTest.dynamicTest(v.get("json").asText(), () -> {
            ClientMessage m = ProtocolJson.decodeClient(v.get("json").asText());
            assertEquals(v.get("type").asText(), m.type());
            assertEquals(v.get("json").asText(), ProtocolJson.encode(m));
        }));
    }

    @TestFactory
    @DisplayName("every bad client message is refused with its error code")
    Stream<DynamicTest> badClientMessages() {
        return stream(VECTORS.get("badClientMessages")).map(v -> DynamicTest.dynamicTest(v.get("json").asText(), () -> {
            ProtocolException e = assertThrows(ProtocolException.class, () -> ProtocolJson.decodeClient(v.get("json").asText()));
            assertEquals(v.get("error").asText(), e.code().wire(), e.getMessage());
        }));
    }

    @TestFactory
    @DisplayName("every server message decodes and encodes back to the same JSON")
    Stream<DynamicTest> serverMessages() {
        return stream(VECTORS.get("serverMessages")).map(v -> DynamicTest.dynamicTest(v.get("type").asText(), () -> {
            ServerMessage m = ProtocolJson.decodeServer(v.get("json").asText());
            assertEquals(v.get("type").asText(), m.type());
            assertEquals(v.get("json").asText(), ProtocolJson.encode(m));
        }));
    }

    @TestFactory
    @DisplayName("every name is cleaned to its vector, or refused with invalid_name")
    Stream<DynamicTest> names() {
        return stream(VECTORS.get("names")).map(v -> DynamicTest.dynamicTest(escaped(v.get("raw").asText()), () -> {
            String raw = v.get("raw").asText();
            int max = v.get("max").asInt();
            if (v.has("clean")) {
                assertEquals(v.get("clean").asText(), Text.name(raw, max, ErrorCode.INVALID_NAME));
            } else {
                ProtocolException e = assertThrows(ProtocolException.class, () -> Text.name(raw, max, ErrorCode.INVALID_NAME));
                assertEquals(v.get("error").asText(), e.code().wire());
            }
        }));
    }

    @Test
    @DisplayName("the error codes and their HTTP statuses are the vectors' (which protocol.js mirrors)")
    void errorCodes() {
        JsonNode codes = VECTORS.get("errorCodes");
        assertEquals(ErrorCode.values().length, codes.size());
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c.httpStatus(), codes.path(c.wire()).asInt(), c.wire());
        }
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> b.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp) : String.format("\\u{%x}", cp)));
        return b.append('"').toString();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }
}
