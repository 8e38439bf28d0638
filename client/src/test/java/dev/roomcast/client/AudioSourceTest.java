package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSourceTest {

    /** Energy at {@code hz} relative to the signal's total (Goertzel, left channel). */
    static int dominantHz(short[] interleaved) {
        int n = interleaved.length / 2;
        int best = 0;
        double bestPower = -1;
        for (int hz = 50; hz <= 5000; hz += 1) {
            double coeff = 2 * Math.cos(2 * Math.PI * hz / 48_000.0);
            double s1 = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                double s = interleaved[2 * i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s;
            }
            double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }

    @Test
    @DisplayName("the tone source is a continuous stereo sine of the asked frequency and amplitude")
    void tone() {
        ToneSource t = new ToneSource(440, 0.5);
        short[] all = new short[AudioSource.PACKET_SHORTS * 25];
        short[] p = new short[AudioSource.PACKET_SHORTS];
        for (int k = 0; k < 25; k++) {
            assertTrue(t.next(p));
            System.arraycopy(p, 0, all, k * p.length, p.length);
        }
        assertEquals(440, dominantHz(all));
        int max = 0;
        for (int i = 0; i < all.length; i += 2) {
            assertEquals(all[i], all[i + 1], "both channels");
            max = Math.max(max, Math.abs(all[i]));
        }
        assertEquals(16_384, max, 100);
        // continuity across packet boundaries: no jump bigger than one sample step of a 440 Hz sine
        double maxStep = 2 * Math.PI * 440 / 48_000 * 16_384 * 1.05;
        for (int i = 2; i < all.length; i += 2) {
            assertTrue(Math.abs(all[i] - all[i - 2]) <= maxStep);
        }
        assertThrows(IllegalArgumentException.class, () -> new ToneSource(30_000));
    }

    @Test
    @DisplayName("a stereo WAV written and read back gives the same samples; without loop the last packet is padded and the source ends")
    void wavRoundTrip(@TempDir Path dir) throws Exception {
        short[] samples = new short[3000]; // 1500 frames = 1.5625 packets
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7 - 10_000);
        }
        Path f = dir.resolve("a.wav");
        Files.write(f, WavSource.write(samples));
        assertArrayEquals(samples, WavSource.read(Files.readAllBytes(f)));
        WavSource src = WavSource.open(f, false);
        assertEquals(2, src.totalPackets());
        short[] p = new short[AudioSource.PACKET_SHORTS];
        assertTrue(src.next(p));
        assertEquals(samples[0], p[0]);
        assertTrue(src.next(p));
        assertEquals(samples[1920], p[0]);
        assertEquals(0, p[1919], "padded with silence");
        assertFalse(src.next(p));

        WavSource looping = WavSource.open(f, true);
        looping.next(p);
        looping.next(p);
        assertEquals(samples[0], p[3000 - 1920], "wraps to the start");
        assertTrue(looping.next(p));
    }

    @Test
    @DisplayName("a mono WAV plays on both channels; other sample rates, bit depths and non-WAV files are refused with a reason")
    void monoAndRefusals() {
        byte[] mono = wav(1, 48_000, 16, new short[] {1, -2, 3});
        assertArrayEquals(new short[] {1, 1, -2, -2, 3, 3}, WavSource.read(mono));
        var e = assertThrows(IllegalArgumentException.class, () -> WavSource.read(wav(2, 44_100, 16, new short[4])));
        assertTrue(e.getMessage().contains("48 kHz"));
        assertThrows(IllegalArgumentException.class, () -> WavSource.read(wav(2, 48_000, 24, new short[4])));
        assertThrows(IllegalArgumentException.class, () -> WavSource.read("hello world, not a wav".getBytes()));
    }

    /** A WAV with an extra LIST chunk before the data (as sox and browsers write). */
    static byte[] wav(int channels, int rate, int bits, short[] data) {
        int dataLen = data.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + 12 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 12 + dataLen).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.putInt(0x5453494c).putInt(4).putInt(0x4f464e49); // "LIST" chunk, 4 bytes "INFO"
        b.putInt(0x61746164).putInt(dataLen);
        for (short s : data) {
            b.putShort(s);
        }
        return b.array();
    }
}
