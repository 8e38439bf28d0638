package dev.roomcast.gateway.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.message.ProtocolJson;

/** A backing service's answer: status and JSON body, with its error code when it refused. */
public record ServiceReply(int status, String body) {

    public static ServiceReply unavailable() {
        return new ServiceReply(503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"service unavailable, try again\"}}");
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public JsonNode json() {
        if (body == null || body.isEmpty()) {
            return ProtocolJson.mapper().createObjectNode();
        }
        try {
            return ProtocolJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return ProtocolJson.mapper().createObjectNode();
        }
    }

    public <T> T as(Class<T> type) {
        try {
            return ProtocolJson.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected answer from a service: " + e.getOriginalMessage(), e);
        }
    }

    /** The error code of a refusal, from the body's {@code error.code}, else from the status. */
    public ErrorCode errorCode() {
        String code = json().path("error").path("code").asText("");
        for (ErrorCode c : ErrorCode.values()) {
            if (c.wire().equals(code)) {
                return c;
            }
        }
        return switch (status) {
            case 400 -> ErrorCode.BAD_MESSAGE;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.ROOM_NOT_FOUND;
            case 409 -> ErrorCode.ROOM_FULL;
            case 410 -> ErrorCode.ROOM_CLOSED;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
    }

    public String errorMessage() {
        return json().path("error").path("message").asText("request refused");
    }
}
