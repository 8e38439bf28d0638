package dev.roomcast.room.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.message.ProtocolJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST JSON read as strictly as the socket's (ProtocolJson.strict): no coercion, bounded, one value. */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        ProtocolJson.strict(mapper);
    }
}
