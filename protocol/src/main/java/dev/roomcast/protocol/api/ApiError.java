package dev.roomcast.protocol.api;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;

/**
 * The body of every REST refusal on every service: {@code {"error":{"code","message"}}}, with
 * {@code maxUsers} in it for {@code room_full} and {@code retryAfter} (seconds) for
 * {@code too_many_attempts}. The status is {@link ErrorCode#httpStatus()}.
 */
public record ApiError(Detail error) {

    public record Detail(ErrorCode code, String message, Integer maxUsers, Integer retryAfter) {}

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code, message, null, null));
    }

    public static ApiError of(ProtocolException e) {
        return new ApiError(new Detail(e.code(), e.getMessage(),
                e instanceof RoomFullException full ? full.maxUsers() : null,
                e instanceof RetryLaterException later ? later.retryAfter() : null));
    }

    /** The refusal this body describes, as the exception a service would have thrown. */
    public ProtocolException exception() {
        if (error == null || error.code() == null) {
            return new ProtocolException(ErrorCode.INTERNAL, "an error without a code");
        }
        String message = error.message() == null ? "refused" : error.message();
        if (error.code() == ErrorCode.ROOM_FULL && error.maxUsers() != null) {
            return new RoomFullException(error.maxUsers());
        }
        if (error.retryAfter() != null) {
            return new RetryLaterException(error.code(), message, error.retryAfter());
        }
        return new ProtocolException(error.code(), message);
    }
}
