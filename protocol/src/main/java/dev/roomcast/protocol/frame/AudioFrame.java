package dev.roomcast.protocol.frame;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Tier;
import java.util.List;

/**
 * A decoded binary audio frame: one or more consecutive 20 ms packets of one tier. Packet {@code i}
 * has sequence {@code sequence + i} and capture time {@code captureTimeUs + i * packetDurationUs()}.
 * Hot paths read header fields straight from the bytes with {@link AudioFrames} instead.
 */
public record AudioFrame(Codec codec, Tier tier, long sequence, long captureTimeUs, int packetSamples, int flags,
                         List<byte[]> packets) {

    public static final int FLAG_DISCONTINUITY = 1;

    public AudioFrame {
        packets = List.copyOf(packets);
    }

    public static AudioFrame of(Codec codec, Tier tier, long sequence, long captureTimeUs, List<byte[]> packets) {
        return new AudioFrame(codec, tier, sequence, captureTimeUs, Limits.PACKET_SAMPLES, 0, packets);
    }

    public long packetDurationUs() {
        return packetSamples * 1_000_000L / Limits.SAMPLE_RATE;
    }

    public byte[] encode() {
        return AudioFrames.encode(this);
    }
}
