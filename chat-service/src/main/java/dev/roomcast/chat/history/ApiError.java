package dev.roomcast.chat.history;

import dev.roomcast.protocol.ErrorCode;

/** Error body of every REST answer: {@code {"error":{"code":"...","message":"..."}}}. */
public record ApiError(Detail error) {
    public record Detail(ErrorCode code, String message) {}

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code, message));
    }
}
