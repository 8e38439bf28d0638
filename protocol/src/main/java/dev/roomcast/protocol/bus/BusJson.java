package dev.roomcast.protocol.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.message.ProtocolJson;

/** JSON of the records services exchange over Kafka (trusted peers, same mapper as the wire). */
public final class BusJson {
    private BusJson() {}

    private static final ObjectMapper MAPPER = ProtocolJson.newMapper();

    public static String encode(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot decode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
