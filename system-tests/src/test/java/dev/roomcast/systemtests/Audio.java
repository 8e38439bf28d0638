package dev.roomcast.systemtests;

import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opus (Concentus) and a little signal analysis: what the tests use to check what a listener hears. */
public final class Audio {
    public static final int RATE = 48_000;
    public static final int PACKET = 960;

    /** One received packet: its capture time (server µs), sequence and Opus bytes. */
    public record Packet(long captureUs, long sequence, int tier, int codec, byte[] bytes) {}

    private Audio() {}

    /** Every packet of these frames, in arrival order. */
    public static List<Packet> packets(List<WsClient.Frame> frames) {
        List<Packet> out = new ArrayList<>();
        for (WsClient.Frame f : frames) {
            AudioFrame a = AudioFrames.decode(f.bytes());
            for (int i = 0; i < a.packets().size(); i++) {
                out.add(new Packet(a.captureTimeUs() + i * a.packetDurationUs(), a.sequence() + i, a.tier().id(),
                        a.codec().id(), a.packets().get(i)));
            }
        }
        return out;
    }

    public static OpusEncoder encoder(int bitrate, int frameSize) {
        try {
            OpusEncoder e = new OpusEncoder(RATE, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
            e.setBitrate(bitrate);
            e.setComplexity(5);
            e.setSignalType(OpusSignal.OPUS_SIGNAL_MUSIC);
            return e;
        } catch (OpusException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Interleaved stereo: {@code left} Hz on the left, {@code right} Hz on the right, amplitude 0.3. */
    public static short[] tone(double left, double right, int samples, int startSample) {
        short[] pcm = new short[samples * 2];
        for (int i = 0; i < samples; i++) {
            double t = (double) (startSample + i) / RATE;
            pcm[2 * i] = (short) (0.3 * 32767 * Math.sin(2 * Math.PI * left * t));
            pcm[2 * i + 1] = (short) (0.3 * 32767 * Math.sin(2 * Math.PI * right * t));
        }
        return pcm;
    }

    public static byte[] encode(OpusEncoder e, short[] pcm, int frameSize) {
        byte[] out = new byte[1275];
        try {
            int n = e.encode(pcm, 0, frameSize, out, 0, out.length);
            return Arrays.copyOf(out, n);
        } catch (OpusException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Decodes consecutive packets into interleaved stereo PCM. */
    public static short[] decode(List<byte[]> packets) {
        try {
            OpusDecoder d = new OpusDecoder(RATE, 2);
            short[] all = new short[packets.size() * PACKET * 2];
            int pos = 0;
            for (byte[] p : packets) {
                int n = d.decode(p, 0, p.length, all, pos, PACKET, false);
                pos += n * 2;
            }
            return Arrays.copyOf(all, pos);
        } catch (OpusException ex) {
            throw new AssertionError("a packet did not decode: " + ex, ex);
        }
    }

    /** One channel (0 left, 1 right) of interleaved stereo, as doubles. */
    public static double[] channel(short[] stereo, int ch) {
        double[] x = new double[stereo.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = stereo[2 * i + ch] / 32768.0;
        }
        return x;
    }

    public static double rms(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s / Math.max(1, x.length));
    }

    /** The frequency (Hz) of the strongest spectral peak of the last up-to-2^15 samples (Hann window). */
    public static double dominantFrequency(double[] x, int sampleRate) {
        int n = Integer.highestOneBit(Math.min(x.length, 1 << 15));
        if (n < 1024) {
            throw new AssertionError("too little audio to analyse: " + x.length + " samples");
        }
        double[] re = new double[n];
        double[] im = new double[n];
        int off = x.length - n;
        for (int i = 0; i < n; i++) {
            re[i] = x[off + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        fft(re, im);
        int best = 1;
        double bestMag = -1;
        for (int k = 1; k < n / 2; k++) {
            double m = re[k] * re[k] + im[k] * im[k];
            if (m > bestMag) {
                bestMag = m;
                best = k;
            }
        }
        // parabolic interpolation on the log magnitude
        double a = Math.log(re[best - 1] * re[best - 1] + im[best - 1] * im[best - 1] + 1e-30);
        double b = Math.log(bestMag + 1e-30);
        double c = Math.log(re[best + 1] * re[best + 1] + im[best + 1] * im[best + 1] + 1e-30);
        double p = 0.5 * (a - c) / (a - 2 * b + c);
        return (best + (Double.isFinite(p) ? p : 0)) * sampleRate / n;
    }

    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int j = 0; j < len / 2; j++) {
                    int u = i + j;
                    int v = i + j + len / 2;
                    double vr = re[v] * cr - im[v] * ci;
                    double vi = re[v] * ci + im[v] * cr;
                    re[v] = re[u] - vr;
                    im[v] = im[u] - vi;
                    re[u] += vr;
                    im[u] += vi;
                    double nr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = nr;
                }
            }
        }
    }
}
