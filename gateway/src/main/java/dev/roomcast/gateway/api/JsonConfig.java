package dev.roomcast.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.message.ProtocolJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * REST bodies read as strictly as socket messages (ProtocolJson.strict): no coercion, bounded
 * depth and strings, one JSON value; null fields left out. The REST clients share this mapper.
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        ProtocolJson.strict(mapper);
    }
}
