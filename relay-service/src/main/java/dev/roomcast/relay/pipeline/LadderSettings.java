package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Tier;

/**
 * How the relay encodes: the bitrate PCM hosts are encoded at for {@code high} when the room does
 * not say, and the Opus complexity (0..10) of each encoder. Complexity is the CPU knob: see
 * docs/AUDIO-PIPELINE.md for the measured cost per packet.
 */
public record LadderSettings(int defaultHighBitrate, int highComplexity, int mediumComplexity, int lowComplexity) {
    public static final LadderSettings DEFAULT = new LadderSettings(128_000, 5, 3, 3);

    public int bitrate(Tier tier) {
        return tier == Tier.HIGH ? defaultHighBitrate : tier.bitrate();
    }
}
