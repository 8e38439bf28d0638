package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The room's play-out delay D: every guest plays the frame captured at T at server time T + D.
 * The batch length is how much audio the gateway packs into one WebSocket message for this preset.
 */
public enum LatencyPreset {
    LIVE("live", 400, 40),
    PARTY("party", 1200, 100),
    STABLE("stable", 5000, 100);

    private final String wire;
    private final int playoutDelayMs;
    private final int batchMs;

    LatencyPreset(String wire, int playoutDelayMs, int batchMs) {
        this.wire = wire;
        this.playoutDelayMs = playoutDelayMs;
        this.batchMs = batchMs;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public int playoutDelayMs() {
        return playoutDelayMs;
    }

    public int batchMs() {
        return batchMs;
    }

    @JsonCreator
    public static LatencyPreset ofWire(String wire) {
        for (LatencyPreset p : values()) {
            if (p.wire.equals(wire)) {
                return p;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown preset");
    }
}
