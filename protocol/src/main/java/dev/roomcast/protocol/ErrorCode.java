package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Every error code a client can receive, in an {@code error} message or as a close reason. */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    BAD_MESSAGE("bad_message"),
    UNKNOWN_TYPE("unknown_type"),
    TOO_LARGE("too_large"),
    RATE_LIMITED("rate_limited"),
    NOT_IN_ROOM("not_in_room"),
    ALREADY_IN_ROOM("already_in_room"),
    WRONG_ROOM("wrong_room"),
    NOT_HOST("not_host"),
    INVALID_NAME("invalid_name"),
    INVALID_ROOM_ID("invalid_room_id"),
    ROOM_NOT_FOUND("room_not_found"),
    ROOM_FULL("room_full"),
    ROOM_CLOSED("room_closed"),
    PASSWORD_REQUIRED("password_required"),
    KICKED("kicked"),
    CHAT_EMPTY("chat_empty"),
    CHAT_TOO_LONG("chat_too_long"),
    BAD_FRAME("bad_frame"),
    BAD_CODEC("bad_codec"),
    BAD_AUDIO_CONFIG("bad_audio_config"),
    NOT_LIVE("not_live"),
    FORBIDDEN_ORIGIN("forbidden_origin"),
    TOO_MANY_CONNECTIONS("too_many_connections"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    UNAVAILABLE("unavailable"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
