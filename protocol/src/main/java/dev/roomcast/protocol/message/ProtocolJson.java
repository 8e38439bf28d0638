package dev.roomcast.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * JSON for control messages: one strict mapper (no scalar coercion, bounded depth and string
 * length), decoding that maps every failure to an {@link ErrorCode}, and encoding that is safe to
 * call from any thread.
 */
public final class ProtocolJson {
    private ProtocolJson() {}

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectReader CLIENT_READER = MAPPER.readerFor(ClientMessage.class);
    private static final ObjectReader SERVER_READER = MAPPER.readerFor(ServerMessage.class);
    private static final ObjectWriter SERVER_WRITER = MAPPER.writerFor(ServerMessage.class);
    private static final ObjectWriter CLIENT_WRITER = MAPPER.writerFor(ClientMessage.class);
    private static final Map<Class<?>, String> TYPE_NAMES = typeNames();
    private static final Set<String> CLIENT_TYPES = clientTypes();

    /** A mapper configured like the wire's: use it for anything that shares these records. */
    public static ObjectMapper newMapper() {
        return strict(JsonMapper.builder().build());
    }

    /**
     * Configures a mapper (a service's own, e.g. the one its REST layer uses) to read JSON as
     * strictly as the socket does: bounded depth, string and number length; no scalar coercion (a
     * number is not a string, {@code "7"} is not a number, {@code 2.5} is not an integer); one JSON value (trailing tokens are
     * {@code bad_json}); null fields left out when writing; unknown fields ignored.
     */
    @SuppressWarnings("deprecation")
    public static ObjectMapper strict(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                .maxStringLength(Limits.MAX_JSON_STRING)
                .maxNumberLength(32)
                .build());
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT); // 2.5 seconds is not 2
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Decodes one control message from a browser.
     *
     * @throws ProtocolException with {@code bad_json}, {@code unknown_type}, {@code bad_message},
     *                           {@code too_large} or a field's own code
     */
    public static ClientMessage decodeClient(String json) {
        if (json.length() > Limits.MAX_TEXT_MESSAGE_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "control message is larger than " + Limits.MAX_TEXT_MESSAGE_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        JsonNode type = tree.get("type");
        String ref = type != null && type.isTextual() && CLIENT_TYPES.contains(type.asText()) ? type.asText() : null;
        try {
            return CLIENT_READER.readValue(tree);
        } catch (IOException e) {
            ProtocolException refusal = e instanceof JsonProcessingException jpe ? refusal(jpe)
                    : new ProtocolException(ErrorCode.BAD_MESSAGE, "message does not match its type");
            throw refusal.withRef(ref);
        }
    }

    /** Decodes a server message (clients, tests and the event bus between services). */
    public static ServerMessage decodeServer(String json) {
        try {
            return SERVER_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
    }

    public static String encode(ServerMessage message) {
        try {
            return SERVER_WRITER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type(), e);
        }
    }

    public static String encode(ClientMessage message) {
        try {
            return CLIENT_WRITER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type(), e);
        }
    }

    static String typeName(Class<?> type) {
        String name = TYPE_NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not a protocol message: " + type);
        }
        return name;
    }

    /**
     * The refusal a client is told for JSON that could not be read into a record, wherever it came
     * from (a socket message, a REST body): a field's own code if a record refused a value, else
     * {@code bad_json}, {@code too_large} or {@code bad_message}.
     */
    public static ProtocolException refusal(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException pe) {
                return pe;
            }
            if (t instanceof StreamConstraintsException) {
                // also when a record's reader wraps it (a REST body): the limit, not the field, was the problem
                return new ProtocolException(ErrorCode.TOO_LARGE, "message is nested too deeply or has an oversize value");
            }
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
                && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return new ProtocolException(ErrorCode.BAD_JSON, "more than one JSON value");
        }
        if (e instanceof StreamConstraintsException) {
            return new ProtocolException(ErrorCode.TOO_LARGE, "message is nested too deeply or has an oversize value");
        }
        if (e instanceof InvalidTypeIdException ite) {
            return ite.getTypeId() == null
                    ? new ProtocolException(ErrorCode.BAD_MESSAGE, "field 'type' is missing")
                    : new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type");
        }
        if (e instanceof com.fasterxml.jackson.core.JsonParseException) {
            return new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON");
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie && mie.getPath().isEmpty()) {
            return new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().get(jme.getPath().size() - 1).getFieldName();
            return new ProtocolException(ErrorCode.BAD_MESSAGE, "field '" + field + "' has the wrong type");
        }
        return new ProtocolException(ErrorCode.BAD_MESSAGE, "message does not match its type");
    }

    private static Set<String> clientTypes() {
        Set<String> names = new HashSet<>();
        for (JsonSubTypes.Type t : ClientMessage.class.getAnnotation(JsonSubTypes.class).value()) {
            names.add(t.name());
        }
        return Set.copyOf(names);
    }

    private static Map<Class<?>, String> typeNames() {
        Map<Class<?>, String> names = new HashMap<>();
        for (Class<?> root : new Class<?>[] {ClientMessage.class, ServerMessage.class}) {
            for (JsonSubTypes.Type t : root.getAnnotation(JsonSubTypes.class).value()) {
                names.put(t.value(), t.name());
            }
        }
        return Map.copyOf(names);
    }
}
