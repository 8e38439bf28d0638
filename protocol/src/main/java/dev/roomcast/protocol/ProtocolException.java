package dev.roomcast.protocol;

/**
 * A message or frame that breaks the protocol, or a request a service refuses; carries the code
 * the sender is told and, once known, the type of the message that caused it ({@code ref}).
 */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private volatile String ref;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The type of the client message that was refused, or null if it could not be read. */
    public String ref() {
        return ref;
    }

    /** Names the message that caused this refusal (kept if already named); returns this. */
    public ProtocolException withRef(String type) {
        if (ref == null) {
            ref = type;
        }
        return this;
    }
}
