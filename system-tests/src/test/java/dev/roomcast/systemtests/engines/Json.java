package dev.roomcast.systemtests.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON for the drivers' wire formats. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode parse(String s) {
        try {
            return s == null ? MAPPER.nullNode() : MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new EngineException("not JSON: " + s, e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A JavaScript string literal (JSON's quoting is valid JavaScript). */
    public static String quote(String s) {
        return MAPPER.getNodeFactory().textNode(s).toString();
    }
}
