package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.ArrayList;
import java.util.List;

/** Generated audio for tests: a stereo sine, encoded like a browser would, and checks on decoded audio. */
public final class TestAudio {
    private TestAudio() {}

    public static final int SHORTS = Limits.PACKET_SAMPLES * Limits.CHANNELS;

    /** Packet {@code index} of an endless stereo sine (interleaved, amplitude 0.5). */
    public static short[] sinePacket(double hz, int index) {
        short[] out = new short[SHORTS];
        for (int i = 0; i < Limits.PACKET_SAMPLES; i++) {
            long n = (long) index * Limits.PACKET_SAMPLES + i;
            short v = (short) Math.round(Math.sin(2 * Math.PI * hz * n / Limits.SAMPLE_RATE) * 16_000);
            out[2 * i] = v;
            out[2 * i + 1] = v;
        }
        return out;
    }

    /** The first {@code count} packets of a sine as Opus at {@code bitrate}, as a browser host would send them. */
    public static List<byte[]> opusSine(double hz, int count, int bitrate) {
        try {
            var enc = RoomPipeline.encoder(bitrate, 5);
            byte[] buf = new byte[Limits.MAX_OPUS_PACKET];
            List<byte[]> out = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int len = enc.encode(sinePacket(hz, k), 0, Limits.PACKET_SAMPLES, buf, 0, buf.length);
                out.add(java.util.Arrays.copyOf(buf, len));
            }
            return out;
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pcmBytes(short[] pcm) {
        byte[] b = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            b[2 * i] = (byte) pcm[i];
            b[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return b;
    }

    public static byte[] hostFrame(Codec codec, long hostSeq, long captureUs, List<byte[]> packets) {
        return AudioFrame.of(codec, Tier.HIGH, hostSeq, captureUs, packets).encode();
    }

    /** Decodes consecutive Opus packets to one mono (left channel) signal. */
    public static double[] decodeLeft(List<byte[]> packets) {
        try {
            OpusDecoder dec = new OpusDecoder(Limits.SAMPLE_RATE, Limits.CHANNELS);
            short[] pcm = new short[SHORTS];
            double[] out = new double[packets.size() * Limits.PACKET_SAMPLES];
            for (int k = 0; k < packets.size(); k++) {
                byte[] p = packets.get(k);
                int n = dec.decode(p, 0, p.length, pcm, 0, Limits.PACKET_SAMPLES, false);
                if (n != Limits.PACKET_SAMPLES) {
                    throw new IllegalStateException("decoded " + n + " samples");
                }
                for (int i = 0; i < n; i++) {
                    out[k * Limits.PACKET_SAMPLES + i] = pcm[2 * i] / 32768.0;
                }
            }
            return out;
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }

    public static double[] sineLeft(double hz, int samples) {
        double[] out = new double[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = Math.round(Math.sin(2 * Math.PI * hz * i / Limits.SAMPLE_RATE) * 16_000) / 32768.0;
        }
        return out;
    }

    /**
     * Best normalized cross-correlation of {@code decoded} (delayed by the codec) against
     * {@code source}, over delays 0..maxDelay, on a window after {@code skip} samples.
     * Returns {bestCorrelation, bestDelay}.
     */
    public static double[] bestCorrelation(double[] source, double[] decoded, int skip, int window, int maxDelay) {
        double best = -2;
        int bestDelay = -1;
        for (int d = 0; d <= maxDelay; d++) {
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = skip; i < skip + window; i++) {
                double x = source[i];
                double y = decoded[i + d];
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }
            double c = sxy / Math.sqrt(sxx * syy + 1e-12);
            if (c > best) {
                best = c;
                bestDelay = d;
            }
        }
        return new double[] {best, bestDelay};
    }

    /** The frequency (1 Hz steps in 50..5000 Hz) with the most energy, by Goertzel. */
    public static int dominantHz(double[] x, int from, int length) {
        int bestHz = 0;
        double bestPower = -1;
        for (int hz = 50; hz <= 5000; hz++) {
            double w = 2 * Math.PI * hz / Limits.SAMPLE_RATE;
            double coeff = 2 * Math.cos(w);
            double s1 = 0, s2 = 0;
            for (int i = from; i < from + length; i++) {
                double s = x[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s;
            }
            double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            if (power > bestPower) {
                bestPower = power;
                bestHz = hz;
            }
        }
        return bestHz;
    }
}
