package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every error code a client can receive, in an {@code error} message, a {@code broadcast:error},
 * a REST error body or as a close reason — and the one table of the HTTP status each code answers
 * with on REST, used by every service (docs/PROTOCOL.md §4, §8; docs/INTERNAL-API.md).
 */
public enum ErrorCode {
    BAD_JSON("bad_json", 400),
    BAD_MESSAGE("bad_message", 400),
    UNKNOWN_TYPE("unknown_type", 400),
    TOO_LARGE("too_large", 413),
    RATE_LIMITED("rate_limited", 429),
    NOT_IN_ROOM("not_in_room", 404),
    ALREADY_IN_ROOM("already_in_room", 409),
    WRONG_ROOM("wrong_room", 400),
    NOT_HOST("not_host", 403),
    INVALID_NAME("invalid_name", 400),
    /**
     * Another member of the room, or its host (present or away), has this name — compared after NFKC,
     * case folding and the Unicode TR39 confusable skeleton.
     */
    NAME_TAKEN("name_taken", 409),
    INVALID_ROOM_ID("invalid_room_id", 400),
    ROOM_NOT_FOUND("room_not_found", 404),
    ROOM_FULL("room_full", 409),
    ROOM_CLOSED("room_closed", 410),
    /** The room has a password and the join gave none. */
    PASSWORD_REQUIRED("password_required", 403),
    /** The join gave a password that is not the room's. */
    WRONG_PASSWORD("wrong_password", 403),
    /** Too many wrong passwords for this room from this address: try again after {@code retryAfter} seconds. */
    TOO_MANY_ATTEMPTS("too_many_attempts", 429),
    KICKED("kicked", 403),
    /** The host removed this device (or, for a while, someone at this address) from the room. */
    BANNED("banned", 403),
    /** The host muted this member in chat (for a while). */
    MUTED("muted", 403),
    /** Slow mode: a guest may send one chat message every N seconds; try again after {@code retryAfter} seconds. */
    SLOW_MODE("slow_mode", 429),
    /** A moderation action (remove, mute, delete, slow mode) from someone who is neither the host nor a co-host. */
    NOT_COHOST("not_cohost", 403),
    /** The host turned track requests off (request:send). */
    REQUESTS_OFF("requests_off", 409),
    /** The room already has {@link Limits#REQUESTS_OPEN_MAX} open track requests: try again when the host has played or dismissed some. */
    REQUESTS_FULL("requests_full", 409),
    /** No open track request with that id in the room (already played or dismissed, or never made). */
    REQUEST_NOT_FOUND("request_not_found", 404),
    CHAT_EMPTY("chat_empty", 400),
    CHAT_TOO_LONG("chat_too_long", 400),
    BAD_FRAME("bad_frame", 400),
    BAD_CODEC("bad_codec", 400),
    BAD_AUDIO_CONFIG("bad_audio_config", 400),
    NOT_LIVE("not_live", 409),
    FORBIDDEN_ORIGIN("forbidden_origin", 403),
    TOO_MANY_CONNECTIONS("too_many_connections", 429),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    /** REST only: no such path. */
    NOT_FOUND("not_found", 404),
    /** REST only: the path exists, the method does not. */
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    /** REST only: a body that is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    UNAVAILABLE("unavailable", 503),
    INTERNAL("internal", 500);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The HTTP status a REST answer with this code has, on every service. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code of a wire name; unknown names are {@code internal} (a newer peer's code). */
    @JsonCreator
    public static ErrorCode ofWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        return INTERNAL;
    }

    /**
     * The code for a bare HTTP status (an answer without our error body, e.g. from a proxy):
     * {@code unavailable} for 5xx other than 500, {@code bad_message} for an unknown 4xx.
     */
    public static ErrorCode ofStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 410 -> ROOM_CLOSED;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 500 -> INTERNAL;
            default -> status > 500 ? UNAVAILABLE : BAD_MESSAGE;
        };
    }
}
