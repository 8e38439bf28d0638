package dev.roomcast.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Limits;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpusPacketsTest {
    /** TOC bytes: CELT fullband 20 ms (config 31), 10 ms (30), 5 ms (29), 2.5 ms (28); SILK 60 ms (config 3); the code in the low bits. */
    private static final int CELT_20 = 31 << 3;
    private static final int CELT_10 = 30 << 3;
    private static final int CELT_5 = 29 << 3;
    private static final int CELT_2_5 = 28 << 3;
    private static final int SILK_60 = 3 << 3;

    private static boolean ok(int... bytes) {
        byte[] b = new byte[bytes.length + 3]; // at an offset, with bytes after it that are not the packet's
        for (int i = 0; i < bytes.length; i++) {
            b[2 + i] = (byte) bytes[i];
        }
        return OpusPackets.is20ms(b, 2, bytes.length);
    }

    private static int[] withPayload(int[] head, int payload) {
        int[] p = Arrays.copyOf(head, head.length + payload);
        Arrays.fill(p, head.length, p.length, 0x5a);
        return p;
    }

    @Test
    @DisplayName("what an encoder makes for 20 ms passes, at any bitrate; 10 and 40 ms packets do not")
    void encoderPackets() throws Exception {
        for (int bitrate : new int[] {16_000, 64_000, 128_000, 256_000}) {
            OpusEncoder e = new OpusEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
            e.setBitrate(bitrate);
            byte[] out = new byte[Limits.MAX_OPUS_PACKET];
            for (int k = 0; k < 20; k++) {
                int len = e.encode(TestAudio.sinePacket(440, k), 0, Limits.PACKET_SAMPLES, out, 0, out.length);
                assertTrue(OpusPackets.is20ms(out, 0, len), bitrate + " bps, packet " + k);
            }
            int len10 = e.encode(TestAudio.sinePacket(440, 0), 0, 480, out, 0, out.length);
            assertFalse(OpusPackets.is20ms(out, 0, len10), "10 ms");
            int len40 = e.encode(new short[2 * 1920], 0, 1920, out, 0, out.length);
            assertFalse(OpusPackets.is20ms(out, 0, len40), "40 ms");
        }
    }

    @Test
    @DisplayName("every frame code is parsed: one frame, two equal, two coded, and a counted run with VBR lengths and padding")
    void frameCodes() {
        assertTrue(ok(withPayload(new int[] {CELT_20}, 300)), "code 0, one 20 ms frame");
        assertTrue(ok(CELT_20), "code 0 with no payload (DTX)");
        assertFalse(ok(withPayload(new int[] {CELT_20}, 1276)), "R2: a frame of 1276 bytes");
        assertTrue(ok(withPayload(new int[] {CELT_10 | 1}, 200)), "code 1, two 10 ms frames of 100");
        assertFalse(ok(withPayload(new int[] {CELT_10 | 1}, 201)), "R3: code 1 with an odd payload");
        assertFalse(ok(withPayload(new int[] {CELT_20 | 1}, 200)), "code 1 of two 20 ms frames is 40 ms");
        assertTrue(ok(withPayload(new int[] {CELT_10 | 2, 3}, 5)), "code 2: 3 bytes, then 2");
        assertTrue(ok(withPayload(new int[] {CELT_10 | 2, 252, 1}, 300)), "code 2 with a two-byte length (256), then 44");
        assertFalse(ok(withPayload(new int[] {CELT_10 | 2, 10}, 5)), "R4: code 2's first frame runs past the packet");
        assertFalse(ok(CELT_10 | 2, 252), "R4: a two-byte length cut short");
        assertTrue(ok(withPayload(new int[] {CELT_10 | 3, 2}, 40)), "code 3 CBR: two 10 ms frames");
        assertTrue(ok(withPayload(new int[] {CELT_5 | 3, 4}, 40)), "code 3 CBR: four 5 ms frames");
        assertTrue(ok(withPayload(new int[] {CELT_2_5 | 3, 8}, 8)), "code 3 CBR: eight 2.5 ms frames");
        assertFalse(ok(withPayload(new int[] {CELT_10 | 3, 2}, 41)), "R6: CBR data not a multiple of the count");
        assertFalse(ok(withPayload(new int[] {CELT_10 | 3, 0}, 10)), "R5: no frames");
        assertFalse(ok(withPayload(new int[] {CELT_20 | 3, 7}, 70)), "R5: 140 ms");
        assertFalse(ok(CELT_10 | 3), "R6: the count byte is missing");
        // VBR (0x80) with padding (0x40), two frames: padding 3, first frame 2 bytes, second 1, then the padding
        assertTrue(ok(CELT_10 | 3, 0xc2, 3, 2, 9, 9, 9, 0, 0, 0), "code 3 VBR with padding");
        assertFalse(ok(CELT_10 | 3, 0xc2, 3, 5, 9, 9, 9, 0, 0, 0), "R7: VBR lengths run into the padding");
        assertFalse(ok(CELT_10 | 3, 0xc2, 30, 2, 9, 9), "R7: padding longer than the packet");
        int[] longPad = new int[4 + 254 + 1 + 2];
        longPad[0] = CELT_10 | 3;
        longPad[1] = 0x42; // CBR, padded, two frames
        longPad[2] = 255; // 254 bytes of padding, and the next byte says how many more
        longPad[3] = 1;
        assertTrue(ok(longPad), "padding of 255 + 1 = 255 bytes, then two frames of 1");
        assertFalse(ok(CELT_10 | 3, 0x42, 255), "the padding length runs past the packet");
        assertFalse(ok(), "R1: an empty packet");
        assertFalse(ok(withPayload(new int[] {SILK_60}, 100)), "a 60 ms SILK frame");
        assertFalse(ok(0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8), "63 frames of 20 ms");
    }

    @Test
    @DisplayName("the frame sizes of every configuration (RFC 6716 table 2)")
    void frameSizes() {
        // ms per frame, configs 0–31: SILK NB/MB/WB 10, 20, 40, 60; hybrid SWB/FB 10, 20; CELT NB/WB/SWB/FB 2.5, 5, 10, 20
        double[] ms = {10, 20, 40, 60, 10, 20, 40, 60, 10, 20, 40, 60, 10, 20, 10, 20,
            2.5, 5, 10, 20, 2.5, 5, 10, 20, 2.5, 5, 10, 20, 2.5, 5, 10, 20};
        for (int config = 0; config < 32; config++) {
            assertEquals((int) (ms[config] * 48), OpusPackets.samplesPerFrame(new byte[] {(byte) (config << 3)}, 0), "config " + config);
        }
    }
}
