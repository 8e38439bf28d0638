package dev.roomcast.protocol.frame;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Tier;

/**
 * Packs consecutive single packets of one tier into one multi-packet frame, so that a gateway
 * writes once per batch instead of once per 20 ms packet. Reuses one buffer; {@link #take()}
 * copies out the finished frame (the one allocation per batch). Not thread-safe.
 */
public final class FrameBatcher {
    private final Tier tier;
    private final byte[] buf = new byte[Limits.MAX_BINARY_MESSAGE_BYTES];
    private int size;
    private int count;
    private long firstSequence;
    private long firstCaptureUs;
    private int flags;
    private Codec codec;

    public FrameBatcher(Tier tier) {
        this.tier = tier;
    }

    public Tier tier() {
        return tier;
    }

    public int packetCount() {
        return count;
    }

    /** Capture time of the first packet held, in server µs; meaningless when empty. */
    public long firstCaptureUs() {
        return firstCaptureUs;
    }

    /**
     * Whether the packet with this sequence, capture time, codec and flags continues the batch. A
     * packet that does not (a sequence gap, a capture-time jump, a codec change, a discontinuity —
     * another sender took over, whose grid is not the last one's —, a full batch) must go into a new
     * batch: {@link #take()} first.
     */
    public boolean accepts(long sequence, long captureUs, Codec packetCodec, int packetFlags, int packetLength) {
        return count == 0
                || (sequence == firstSequence + count && packetCodec == codec
                && (packetFlags & AudioFrame.FLAG_DISCONTINUITY) == 0
                && Math.abs(captureUs - (firstCaptureUs + count * Limits.PACKET_DURATION_US)) <= CAPTURE_SLACK_US
                && count < Limits.MAX_PACKETS_PER_FRAME && size + 2 + packetLength <= buf.length);
    }

    /**
     * How far a packet's capture time may sit from where the batch puts it (first capture + 20 ms
     * per packet) and still join it: half a packet. A frame carries one capture time, so a jump (the
     * host's clock or stream restarted, a relay hand-over, a live packet after stale ones) must
     * start a new frame, or every packet after it is played at the wrong time. Less than half a
     * packet is stamping jitter (browser hosts stamp contiguously; a feed stamping "now" per packet
     * jitters by ms), which the frame's 20 ms grid absorbs.
     */
    static final long CAPTURE_SLACK_US = Limits.PACKET_DURATION_US / 2;

    /** Appends one packet (its bytes at {@code src[off..off+len)}); the caller checked {@link #accepts}. */
    public void add(long sequence, long captureUs, Codec packetCodec, int packetFlags, byte[] src, int off, int len) {
        if (count == 0) {
            firstSequence = sequence;
            firstCaptureUs = captureUs;
            codec = packetCodec;
            flags = packetFlags;
            size = AudioFrames.HEADER_BYTES;
        }
        AudioFrames.writeU16(buf, size, len);
        System.arraycopy(src, off, buf, size + 2, len);
        size += 2 + len;
        count++;
    }

    /** The frame holding every packet added since the last take, or null if none; empties the batch. */
    public byte[] take() {
        if (count == 0) {
            return null;
        }
        AudioFrames.writeHeader(buf, codec, tier, count, firstSequence, firstCaptureUs, Limits.PACKET_SAMPLES, flags);
        byte[] out = new byte[size];
        System.arraycopy(buf, 0, out, 0, size);
        count = 0;
        size = 0;
        return out;
    }
}
