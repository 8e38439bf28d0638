package dev.roomcast.room.rest;

import dev.roomcast.protocol.ErrorCode;

/** {@code {"error":{"code","message"}}}; room_full adds {@code maxUsers} (inside error and at the top). */
public record ApiError(Body error, Integer maxUsers) {
    public record Body(ErrorCode code, String message, Integer maxUsers) {}

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Body(code, message, null), null);
    }

    public static ApiError full(int maxUsers, String message) {
        return new ApiError(new Body(ErrorCode.ROOM_FULL, message, maxUsers), maxUsers);
    }

    /** The HTTP status of each error code. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN, NOT_HOST, KICKED, PASSWORD_REQUIRED, FORBIDDEN_ORIGIN -> 403;
            case ROOM_NOT_FOUND, NOT_IN_ROOM -> 404;
            case ROOM_FULL, ALREADY_IN_ROOM, NOT_LIVE -> 409;
            case ROOM_CLOSED -> 410;
            case TOO_LARGE -> 413;
            case RATE_LIMITED, TOO_MANY_CONNECTIONS -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
    }
}
