package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The quality ladder: the host's source as {@code high}, re-encoded at 64 and 32 kbps. */
public enum Tier {
    HIGH(0, "high", 0),
    MEDIUM(1, "medium", 64_000),
    LOW(2, "low", 32_000);

    private final int id;
    private final String wire;
    private final int bitrate;

    Tier(int id, String wire, int bitrate) {
        this.id = id;
        this.wire = wire;
        this.bitrate = bitrate;
    }

    /** The byte in the frame header. */
    public int id() {
        return id;
    }

    /** Bits per second of the re-encoded tier; 0 for {@code high}, which is the host's own. */
    public int bitrate() {
        return bitrate;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The next tier down, or this one if it is the lowest. */
    public Tier lower() {
        return this == HIGH ? MEDIUM : LOW;
    }

    /** The next tier up, or this one if it is the highest. */
    public Tier higher() {
        return this == LOW ? MEDIUM : HIGH;
    }

    public static Tier ofId(int id) {
        return switch (id) {
            case 0 -> HIGH;
            case 1 -> MEDIUM;
            case 2 -> LOW;
            default -> throw new ProtocolException(ErrorCode.BAD_FRAME, "unknown tier " + id);
        };
    }

    @JsonCreator
    public static Tier ofWire(String wire) {
        for (Tier t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown tier");
    }
}
