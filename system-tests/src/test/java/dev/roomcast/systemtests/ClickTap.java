package dev.roomcast.systemtests;

import com.microsoft.playwright.Page;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Click onsets in what a guest page plays and in what the host sent, on the server clock.
 *
 * <p>In a guest page the page's own output tap (roomcastDebug.tapOnsets: an AudioWorklet on the gain
 * that feeds {@code ctx.destination}) reports the context frame of every click onset (the first
 * sample above {@link #THRESHOLD} after half a second of none). The page converts that frame at once with
 * its own mappings: context time → performance.now() (the player's getOutputTimestamp filter, so the
 * moment the sample leaves the output) → server clock (the page's clock sync). It also keeps
 * {@code performance.timeOrigin + perf}: the machine's wall clock, the same for every page in this
 * browser, a check that does not depend on clock sync.
 *
 * <p>On the host side a Java listener decodes the high tier with Concentus; a click's capture time
 * is the packet's stamp plus its offset in the packet minus Opus's 312-sample decoder delay.
 */
final class ClickTap {
    /** The WAV's clicks peak near 0.48 on top of tones of 0.125 (sox -m halves both). */
    static final double THRESHOLD = 0.3;
    static final long OPUS_DELAY_US = 6_500;

    /** One onset heard by a guest: server clock µs and machine wall clock ms. */
    record Onset(double serverUs, double wallMs) {}

    private ClickTap() {}

    /** Hangs the page's output tap (roomcastDebug.tapOnsets, after "Join audio"); onsets collect in roomcastDebug.onsets. */
    static void install(Page guest) {
        guest.evaluate("t => window.roomcastDebug.tapOnsets(t)", THRESHOLD);
    }

    /** Waits in the page until it has heard {@code n} onsets since install (or since {@link #clear}). */
    static void awaitOnsets(Page guest, int n, double timeoutMs) {
        guest.waitForFunction("n => window.roomcastDebug.onsets.length >= n", n,
                new Page.WaitForFunctionOptions().setTimeout(timeoutMs).setPollingInterval(200));
    }

    static void clear(Page guest) {
        guest.evaluate("() => { window.roomcastDebug.onsets.splice(0); }");
    }

    static List<Onset> onsets(Page guest) {
        List<?> raw = (List<?>) guest.evaluate("() => window.roomcastDebug.onsets");
        List<Onset> out = new ArrayList<>();
        for (Object o : raw) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Onset(((Number) m.get("serverUs")).doubleValue(), ((Number) m.get("wallMs")).doubleValue()));
        }
        return out;
    }

    /** Capture times (server µs) of the clicks in these packets (one tier, any order; duplicates dropped). */
    static List<Double> captureClicks(List<Audio.Packet> packets) {
        List<Audio.Packet> sorted = new ArrayList<>(packets);
        sorted.sort(Comparator.comparingLong(Audio.Packet::sequence));
        List<Double> out = new ArrayList<>();
        try {
            OpusDecoder d = new OpusDecoder(Audio.RATE, 2);
            short[] pcm = new short[Audio.PACKET * 2 * 6];
            long lastSeq = Long.MIN_VALUE;
            double lastOnset = -1e18;
            for (Audio.Packet p : sorted) {
                if (p.sequence() == lastSeq) {
                    continue;
                }
                lastSeq = p.sequence();
                int n = d.decode(p.bytes(), 0, p.bytes().length, pcm, 0, Audio.PACKET * 6, false);
                for (int i = 0; i < n; i++) {
                    double m = Math.max(Math.abs(pcm[2 * i]), Math.abs(pcm[2 * i + 1])) / 32768.0;
                    double t = p.captureUs() + i * 1e6 / Audio.RATE - OPUS_DELAY_US;
                    if (m > THRESHOLD && t - lastOnset > 500_000) {
                        lastOnset = t;
                        out.add(t);
                    }
                }
            }
        } catch (OpusException e) {
            throw new AssertionError("a packet did not decode: " + e, e);
        }
        return out;
    }

    /** For each onset in {@code a}, the difference (ms) to the nearest in {@code b} if within 300 ms. */
    static List<Double> pairDiffsMs(List<Double> aUs, List<Double> bUs) {
        List<Double> out = new ArrayList<>();
        for (double a : aUs) {
            double best = Double.NaN;
            for (double b : bUs) {
                if (Math.abs(a - b) < 300_000 && (Double.isNaN(best) || Math.abs(a - b) < Math.abs(best))) {
                    best = a - b;
                }
            }
            if (!Double.isNaN(best)) {
                out.add(best / 1000.0);
            }
        }
        return out;
    }

    static double percentile(List<Double> xs, double p) {
        List<Double> s = xs.stream().sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1 < 0 ? 0 : (int) Math.ceil(p * s.size()) - 1));
    }

    static String summary(List<Double> xs) {
        List<Double> abs = xs.stream().map(Math::abs).toList();
        return String.format("n=%d median=%.2f ms |p50|=%.2f |p95|=%.2f |max|=%.2f values=%s", xs.size(), percentile(xs, 0.5),
                percentile(abs, 0.5), percentile(abs, 0.95), percentile(abs, 1.0),
                xs.stream().map(v -> String.format("%.1f", v)).toList());
    }
}
