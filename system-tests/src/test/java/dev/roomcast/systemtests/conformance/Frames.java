package dev.roomcast.systemtests.conformance;

import java.nio.ByteBuffer;

/** Binary audio frames exactly as docs/PROTOCOL.md §5 lays them out (big-endian). */
final class Frames {
    private Frames() {}

    static final int HEADER = 20;
    static final int PCM_PACKET = 3840;

    /** A frame of {@code packets} PCM packets of silence-free noise, first at this sequence and capture time. */
    static byte[] pcm(long sequence, long captureTimeUs, int packets) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + packets * (2 + PCM_PACKET));
        b.put((byte) 1).put((byte) 2).put((byte) 0).put((byte) packets);
        b.putInt((int) sequence).putLong(captureTimeUs).putShort((short) 960).putShort((short) 0);
        for (int i = 0; i < packets; i++) {
            b.putShort((short) PCM_PACKET);
            for (int s = 0; s < PCM_PACKET / 2; s++) {
                b.putShort((short) (Math.sin((sequence + i) * 960 + s / 2.0) * 3000)); // a tone, s16le-ish bytes
            }
        }
        return b.array();
    }

    static int version(byte[] f) {
        return f[0] & 0xff;
    }

    static int codec(byte[] f) {
        return f[1] & 0xff;
    }

    static int tier(byte[] f) {
        return f[2] & 0xff;
    }

    static int count(byte[] f) {
        return f[3] & 0xff;
    }

    static long sequence(byte[] f) {
        return ByteBuffer.wrap(f, 4, 4).getInt() & 0xffffffffL;
    }

    static long captureTimeUs(byte[] f) {
        return ByteBuffer.wrap(f, 8, 8).getLong();
    }

    static int samples(byte[] f) {
        return ByteBuffer.wrap(f, 16, 2).getShort() & 0xffff;
    }

    static int flags(byte[] f) {
        return ByteBuffer.wrap(f, 18, 2).getShort() & 0xffff;
    }

    /** Walks the packets: true if every length field and packet is inside the frame and fills it exactly. */
    static boolean wellFormed(byte[] f) {
        int pos = HEADER;
        for (int i = 0; i < count(f); i++) {
            if (pos + 2 > f.length) {
                return false;
            }
            int len = ByteBuffer.wrap(f, pos, 2).getShort() & 0xffff;
            if (len < 1 || len > 1275) {
                return false;
            }
            pos += 2 + len;
        }
        return pos == f.length;
    }
}
