package dev.roomcast.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a binary frame's packets hold. */
public enum Codec {
    /** One Opus packet (RFC 6716) of 20 ms, 48 kHz stereo. */
    OPUS(1, "opus"),
    /** 20 ms of interleaved signed 16-bit little-endian PCM, 48 kHz stereo (hosts without an encoder). */
    PCM_S16LE(2, "pcm");

    private final int id;
    private final String wire;

    Codec(int id, String wire) {
        this.id = id;
        this.wire = wire;
    }

    public int id() {
        return id;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Codec ofId(int id) {
        return switch (id) {
            case 1 -> OPUS;
            case 2 -> PCM_S16LE;
            default -> throw new ProtocolException(ErrorCode.BAD_CODEC, "unknown codec " + id);
        };
    }

    @JsonCreator
    public static Codec ofWire(String wire) {
        for (Codec c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_CODEC, "unknown codec");
    }
}
