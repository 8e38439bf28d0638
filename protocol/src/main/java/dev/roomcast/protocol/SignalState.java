package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a live room's guests hear from the host, decided once on the server so every client agrees:
 * {@code sound}; {@code silence} (the host sends audio, but nothing above {@link Limits#SILENCE_DBFS}
 * for {@link Limits#SILENCE_AFTER_MS}: a playlist that ended into silence, a paused tab); {@code none}
 * (no audio has arrived for {@link Limits#NO_AUDIO_AFTER_MS}: a closed tab, a source that ended, a host
 * who reloaded and has not picked a source again).
 */
public enum SignalState {
    SOUND("sound"),
    SILENCE("silence"),
    NONE("none");

    private final String wire;

    SignalState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SignalState ofWire(String wire) {
        for (SignalState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown signal state");
    }
}
