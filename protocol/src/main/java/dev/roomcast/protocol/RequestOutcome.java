package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the host did with a track request ({@code request:resolve}); a request is {@code requested} until then. */
public enum RequestOutcome {
    PLAYED("played"),
    DISMISSED("dismissed");

    private final String wire;

    RequestOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RequestOutcome ofWire(String wire) {
        for (RequestOutcome o : values()) {
            if (o.wire.equals(wire)) {
                return o;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "outcome must be played or dismissed");
    }
}
