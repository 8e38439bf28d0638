package dev.roomcast.protocol.api;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;

/** A refusal that holds for a while ({@code too_many_attempts}); the answer says after how many seconds to retry. */
public class RetryLaterException extends ProtocolException {
    private final int retryAfter;

    public RetryLaterException(ErrorCode code, String message, int retryAfterSeconds) {
        super(code, message);
        this.retryAfter = Math.max(1, retryAfterSeconds);
    }

    /** Seconds until the same request may succeed (at least 1). */
    public int retryAfter() {
        return retryAfter;
    }
}
