package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Limits;
import io.github.jaredmdobson.concentus.OpusPacketInfo;

/**
 * Checks an Opus packet's framing without decoding it (RFC 6716 §3.2–3.4): the TOC byte, the frame
 * count and every frame length, padding included, must be well-formed (requirements R1–R7), and the
 * frames must add up to exactly one 20 ms packet. This is what a decoder checks before it touches the
 * payload ({@code opus_packet_parse}); what it cannot see is a payload that is well framed but
 * meaningless, which every Opus decoder turns into some sound, as it must for packets damaged in
 * transit. Pure and allocation-free.
 */
public final class OpusPackets {
    /** R2: no frame is longer than this. */
    static final int MAX_FRAME_BYTES = 1275;
    /** R5: no packet is longer than this many 48 kHz samples (120 ms). */
    private static final int MAX_PACKET_SAMPLES = 5760;

    private OpusPackets() {}

    /** 48 kHz samples in one frame of the configuration in the TOC byte {@code b[off]} (Concentus reads the table). */
    static int samplesPerFrame(byte[] b, int off) {
        return OpusPacketInfo.getNumSamplesPerFrame(b, off, Limits.SAMPLE_RATE);
    }

    /** Whether {@code b[off .. off+len)} is a well-formed Opus packet of exactly {@link Limits#PACKET_SAMPLES} samples. */
    public static boolean is20ms(byte[] b, int off, int len) {
        return samples(b, off, len) == Limits.PACKET_SAMPLES;
    }

    /** The packet's 48 kHz samples, or -1 when it is not a well-formed Opus packet. */
    static int samples(byte[] b, int off, int len) {
        if (len < 1) {
            return -1; // R1
        }
        int toc = b[off] & 0xff;
        int perFrame = samplesPerFrame(b, off);
        int end = off + len;
        int p = off + 1;
        switch (toc & 3) {
            case 0 -> { // one frame
                return end - p <= MAX_FRAME_BYTES ? perFrame : -1;
            }
            case 1 -> { // two frames of equal size (R3)
                int rest = end - p;
                return (rest & 1) == 0 && rest / 2 <= MAX_FRAME_BYTES ? 2 * perFrame : -1;
            }
            case 2 -> { // two frames, the first's length coded (R4)
                int first = frameLength(b, p, end);
                if (first < 0) {
                    return -1;
                }
                p += first >= 252 ? 2 : 1;
                int second = end - p - first;
                return second >= 0 && first <= MAX_FRAME_BYTES && second <= MAX_FRAME_BYTES ? 2 * perFrame : -1;
            }
            default -> {
                return code3(b, p, end, perFrame);
            }
        }
    }

    /** Code 3: a frame-count byte, optional padding, then M frames of equal (CBR) or coded (VBR) length. */
    private static int code3(byte[] b, int p, int end, int perFrame) {
        if (p >= end) {
            return -1; // R6: the frame-count byte is missing
        }
        int fc = b[p++] & 0xff;
        boolean vbr = (fc & 0x80) != 0;
        boolean padded = (fc & 0x40) != 0;
        int m = fc & 0x3f;
        if (m == 0 || m * perFrame > MAX_PACKET_SAMPLES) {
            return -1; // R5
        }
        int padding = 0;
        if (padded) {
            int v;
            do {
                if (p >= end) {
                    return -1; // R6/R7: the padding length runs past the packet
                }
                v = b[p++] & 0xff;
                padding += v == 255 ? 254 : v;
            } while (v == 255);
        }
        int data = end - p - padding;
        if (data < 0) {
            return -1;
        }
        if (!vbr) {
            return data % m == 0 && data / m <= MAX_FRAME_BYTES ? m * perFrame : -1; // R6
        }
        int sum = 0;
        for (int i = 0; i < m - 1; i++) {
            int n = frameLength(b, p, end);
            if (n < 0 || n > MAX_FRAME_BYTES) {
                return -1;
            }
            p += n >= 252 ? 2 : 1;
            sum += n;
            data = end - p - padding;
            if (sum > data) {
                return -1; // R7
            }
        }
        int last = end - p - padding - sum;
        return last >= 0 && last <= MAX_FRAME_BYTES ? m * perFrame : -1;
    }

    /** A coded frame length at {@code b[p]} (one byte below 252, else two), or -1 when it runs past {@code end}. */
    private static int frameLength(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int x = b[p] & 0xff;
        if (x < 252) {
            return x;
        }
        if (p + 1 >= end) {
            return -1;
        }
        return x + 4 * (b[p + 1] & 0xff);
    }
}
