package dev.roomcast.protocol.bus;

import dev.roomcast.protocol.Tier;

/**
 * "Listeners of this room on this node are on these tiers": what a gateway tells the relay, so the
 * relay re-encodes {@code medium} and {@code low} only while someone listens to them (docs/SCALING.md
 * "Tiers on demand"). A record on {@link dev.roomcast.protocol.Topics#AUDIO_INGEST} with the room id
 * as key (so it reaches the relay worker that owns the room, in order with its frames), the header
 * {@value #HEADER} and a one-byte value: bit {@code 1 << tier.id()} per tier wanted. A demand holds
 * for {@link #FRESH_MS}; a gateway repeats it every {@link #REFRESH_MS} while it holds, so a relay
 * that takes the room over (or restarts) knows within a second. Internal: no browser writes it.
 */
public final class TierDemand {
    /** The ingest record header that marks a demand (its value is ignored; the record's value is the mask). */
    public static final String HEADER = "demand";
    /** How long one demand holds at the relay. */
    public static final long FRESH_MS = 5_000;
    /** How often a gateway repeats a demand that still holds. */
    public static final long REFRESH_MS = 1_000;
    /** Every tier the relay re-encodes (a demand for {@code high} is allowed and means nothing: it always flows). */
    public static final int REENCODED = bit(Tier.MEDIUM) | bit(Tier.LOW);
    private static final int ALL = bit(Tier.HIGH) | REENCODED;

    private TierDemand() {}

    public static int bit(Tier t) {
        return 1 << t.id();
    }

    public static boolean wants(int mask, Tier t) {
        return (mask & bit(t)) != 0;
    }

    public static byte[] encode(int mask) {
        if ((mask & ~ALL) != 0) {
            throw new IllegalArgumentException("not a tier mask: " + mask);
        }
        return new byte[] {(byte) mask};
    }

    /** The mask in a record's value, or -1 if it is not one (wrong length, unknown bits). */
    public static int decode(byte[] value) {
        if (value == null || value.length != 1 || (value[0] & ~ALL) != 0) {
            return -1;
        }
        return value[0];
    }
}
