package dev.roomcast.protocol.frame;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary audio frame, byte by byte (all integers big-endian; see docs/PROTOCOL.md):
 * <pre>
 *  0  u8   version, = 1
 *  1  u8   codec: 1 Opus, 2 PCM s16le
 *  2  u8   tier: 0 high, 1 medium, 2 low
 *  3  u8   packet count n, 1..50
 *  4  u32  sequence of the first packet
 *  8  i64  capture time of the first packet, server clock, µs since the Unix epoch
 * 16  u16  samples per packet at 48 kHz (960 = 20 ms)
 * 18  u16  flags: bit 0 = discontinuity (a gap or a restart before this frame); other bits 0
 * 20  n × { u16 length, length bytes }
 * </pre>
 * The accessors read a field without decoding the rest, so a hot path allocates nothing.
 */
public final class AudioFrames {
    private AudioFrames() {}

    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 20;

    public static int version(byte[] b) {
        return b[0] & 0xff;
    }

    public static int codecId(byte[] b) {
        return b[1] & 0xff;
    }

    public static int tierId(byte[] b) {
        return b[2] & 0xff;
    }

    public static int packetCount(byte[] b) {
        return b[3] & 0xff;
    }

    public static long sequence(byte[] b) {
        return readU32(b, 4);
    }

    public static long captureTimeUs(byte[] b) {
        return readI64(b, 8);
    }

    public static int packetSamples(byte[] b) {
        return readU16(b, 16);
    }

    public static int flags(byte[] b) {
        return readU16(b, 18);
    }

    /**
     * Checks a whole frame: version, codec, tier, count, duration, flags, every packet length, and
     * that the packets fill the frame exactly.
     *
     * @throws ProtocolException {@code bad_frame}, {@code bad_codec} or {@code too_large}
     */
    public static void validate(byte[] b, int length) {
        if (length > Limits.MAX_BINARY_MESSAGE_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "frame is larger than " + Limits.MAX_BINARY_MESSAGE_BYTES + " bytes");
        }
        if (length < HEADER_BYTES + 2) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "frame is shorter than its header");
        }
        if (version(b) != VERSION) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "unsupported frame version " + version(b));
        }
        Codec codec = Codec.ofId(codecId(b));
        Tier.ofId(tierId(b));
        int n = packetCount(b);
        if (n < 1 || n > Limits.MAX_PACKETS_PER_FRAME) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "packet count must be 1.." + Limits.MAX_PACKETS_PER_FRAME);
        }
        if (packetSamples(b) != Limits.PACKET_SAMPLES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "packets must be 960 samples (20 ms)");
        }
        if ((flags(b) & ~AudioFrame.FLAG_DISCONTINUITY) != 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "unknown flags");
        }
        int max = codec == Codec.OPUS ? Limits.MAX_OPUS_PACKET : Limits.PCM_PACKET_BYTES;
        int pos = HEADER_BYTES;
        for (int i = 0; i < n; i++) {
            if (pos + 2 > length) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "frame ends inside packet " + i);
            }
            int len = readU16(b, pos);
            pos += 2;
            if (len < 1 || len > max) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "packet " + i + " has length " + len);
            }
            if (codec == Codec.PCM_S16LE && len != Limits.PCM_PACKET_BYTES) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "a PCM packet must be " + Limits.PCM_PACKET_BYTES + " bytes");
            }
            pos += len;
            if (pos > length) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "frame ends inside packet " + i);
            }
        }
        if (pos != length) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "trailing bytes after the last packet");
        }
    }

    /** Validates and decodes a whole frame. */
    public static AudioFrame decode(byte[] b) {
        validate(b, b.length);
        int n = packetCount(b);
        List<byte[]> packets = new ArrayList<>(n);
        int pos = HEADER_BYTES;
        for (int i = 0; i < n; i++) {
            int len = readU16(b, pos);
            packets.add(Arrays.copyOfRange(b, pos + 2, pos + 2 + len));
            pos += 2 + len;
        }
        return new AudioFrame(Codec.ofId(codecId(b)), Tier.ofId(tierId(b)), sequence(b), captureTimeUs(b),
                packetSamples(b), flags(b), packets);
    }

    /** Offset of the first packet's 2-byte length field. Walk on with {@link #nextPacket}. */
    public static int firstPacket() {
        return HEADER_BYTES;
    }

    /** Length of the packet whose length field is at {@code pos}; its bytes start at {@code pos + 2}. */
    public static int packetLength(byte[] b, int pos) {
        return readU16(b, pos);
    }

    public static int nextPacket(byte[] b, int pos) {
        return pos + 2 + readU16(b, pos);
    }

    /**
     * The packets of a (valid) frame from index {@code from} on, as a frame of their own: its
     * sequence and capture time are those of packet {@code from} (sequence + from, capture time +
     * from × 20 ms), codec, tier and flags unchanged. {@code from} = 0 returns the frame itself.
     */
    public static byte[] tail(byte[] frame, int from) {
        int n = packetCount(frame);
        if (from < 0 || from >= n) {
            throw new IllegalArgumentException("packet " + from + " of " + n);
        }
        if (from == 0) {
            return frame;
        }
        int pos = HEADER_BYTES;
        for (int i = 0; i < from; i++) {
            pos = nextPacket(frame, pos);
        }
        byte[] out = new byte[HEADER_BYTES + frame.length - pos];
        System.arraycopy(frame, 0, out, 0, HEADER_BYTES);
        out[3] = (byte) (n - from);
        writeU32(out, 4, (sequence(frame) + from) & 0xffffffffL);
        writeI64(out, 8, captureTimeUs(frame) + from * Limits.PACKET_DURATION_US);
        System.arraycopy(frame, pos, out, HEADER_BYTES, frame.length - pos);
        return out;
    }

    public static byte[] encode(AudioFrame f) {
        if (f.packets().isEmpty() || f.packets().size() > Limits.MAX_PACKETS_PER_FRAME) {
            throw new IllegalArgumentException("packet count must be 1.." + Limits.MAX_PACKETS_PER_FRAME);
        }
        int size = HEADER_BYTES;
        for (byte[] p : f.packets()) {
            size += 2 + p.length;
        }
        byte[] out = new byte[size];
        writeHeader(out, f.codec(), f.tier(), f.packets().size(), f.sequence(), f.captureTimeUs(), f.packetSamples(), f.flags());
        int pos = HEADER_BYTES;
        for (byte[] p : f.packets()) {
            writeU16(out, pos, p.length);
            System.arraycopy(p, 0, out, pos + 2, p.length);
            pos += 2 + p.length;
        }
        return out;
    }

    public static void writeHeader(byte[] out, Codec codec, Tier tier, int count, long sequence, long captureTimeUs,
                                   int packetSamples, int flags) {
        out[0] = (byte) VERSION;
        out[1] = (byte) codec.id();
        out[2] = (byte) tier.id();
        out[3] = (byte) count;
        writeU32(out, 4, sequence);
        writeI64(out, 8, captureTimeUs);
        writeU16(out, 16, packetSamples);
        writeU16(out, 18, flags);
    }

    static int readU16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static long readU32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static long readI64(byte[] b, int i) {
        return (readU32(b, i) << 32) | readU32(b, i + 4);
    }

    static void writeU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void writeU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void writeI64(byte[] b, int i, long v) {
        writeU32(b, i, v >>> 32);
        writeU32(b, i + 4, v);
    }
}
