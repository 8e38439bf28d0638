package dev.roomcast.bench;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Real Opus packets from Concentus: a music-like signal (chords, a beat, some noise), 48 kHz stereo, 20 ms. */
final class Opus {
    private Opus() {}

    static List<byte[]> encode(int packets, int bitrate) {
        try {
            OpusEncoder enc = new OpusEncoder(48000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
            enc.setBitrate(bitrate);
            enc.setComplexity(5);
            enc.setSignalType(OpusSignal.OPUS_SIGNAL_MUSIC);
            short[] pcm = new short[960 * 2];
            byte[] out = new byte[1275];
            Random rnd = new Random(42);
            List<byte[]> list = new ArrayList<>(packets);
            double[] f = {220, 277.18, 329.63, 440, 554.37};
            for (int k = 0; k < packets; k++) {
                for (int i = 0; i < 960; i++) {
                    long n = (long) k * 960 + i;
                    double t = n / 48000.0;
                    double chord = 0;
                    int shift = (int) (t / 2) % 3;
                    for (int j = 0; j < f.length; j++) {
                        chord += Math.sin(2 * Math.PI * f[j] * (1 + shift * 0.125) * t) / f.length;
                    }
                    double beat = (n % 24000) < 2400 ? Math.sin(2 * Math.PI * 60 * t) * (1 - (n % 24000) / 2400.0) : 0;
                    double l = 0.45 * chord + 0.35 * beat + 0.05 * (rnd.nextDouble() * 2 - 1);
                    double r = 0.45 * chord * 0.9 + 0.35 * beat + 0.05 * (rnd.nextDouble() * 2 - 1);
                    pcm[2 * i] = (short) (l * 20000);
                    pcm[2 * i + 1] = (short) (r * 20000);
                }
                int len = enc.encode(pcm, 0, 960, out, 0, out.length);
                list.add(Arrays.copyOf(out, len));
            }
            return list;
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }
}
