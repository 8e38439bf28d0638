package dev.roomcast.protocol.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.message.ProtocolJson;

/**
 * JSON of the records services exchange over Kafka and keep in Redis (trusted peers, the wire's mapper
 * except one thing): a field a record gained later reads as false / 0 when absent, so what an older
 * service wrote — a member entry from before co-hosts, an event from a pod not yet upgraded during a
 * rolling deploy — still decodes.
 */
public final class BusJson {
    private BusJson() {}

    private static final ObjectMapper MAPPER = ProtocolJson.newMapper()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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
