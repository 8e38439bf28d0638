package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether a guest page's output carries the fake capture's two tones (440 Hz left, 660 Hz right),
 * read from the page's AnalyserNode (after the volume, before the speakers: roomcastDebug.analyser()).
 */
final class OutputTones {
    private OutputTones() {}

    /** One reading of the output spectrum at the two tones, in dB, and the median bin as the floor. */
    record Reading(double at440, double at660, double median) {
        /** Both tones well above the floor, and above an absolute floor: a silent output reads -Infinity everywhere. */
        boolean carriesBoth() {
            return at440 > -90 && at660 > -90 && at440 > median + 25 && at660 > median + 25;
        }

        @Override
        public String toString() {
            return String.format("440 Hz %.1f dB, 660 Hz %.1f dB, median %.1f dB", at440, at660, median);
        }
    }

    static Reading read(Page g) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spectrum = (Map<String, Object>) g.evaluate("() => { const a = window.roomcastDebug.analyser();"
                + " if (!a) return null; const d = new Float32Array(a.frequencyBinCount); a.getFloatFrequencyData(d);"
                + " return { sampleRate: a.context.sampleRate, fftSize: a.fftSize, data: Array.from(d) }; }");
        if (spectrum == null) {
            throw new AssertionError("the guest page exposes no output analyser (audio not joined?)");
        }
        double sr = ((Number) spectrum.get("sampleRate")).doubleValue();
        int fft = ((Number) spectrum.get("fftSize")).intValue();
        double[] db = ((List<?>) spectrum.get("data")).stream().mapToDouble(v -> v == null ? -200 : ((Number) v).doubleValue()).toArray();
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        return new Reading(peakNear(db, 440, sr, fft), peakNear(db, 660, sr, fft), sorted[sorted.length / 2]);
    }

    /**
     * The output carries both tones: sampled every 250 ms for up to 10 s (a moment of silence, e.g. a
     * resync, is not the question; a clean-clone run once caught a single silent instant). Fails with
     * the last reading and the page's player stats.
     */
    static Reading assertCarried(Page g, String who) {
        Reading[] last = {null};
        try {
            await(who + "'s output carries both tones").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> (last[0] = read(g)).carriesBoth());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(who + "'s output never carried both tones in 10 s; last: " + last[0]
                    + "; stats " + g.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"), e);
        }
        System.out.println(who + " output spectrum: " + last[0]);
        return last[0];
    }

    /** The highest bin within two bins of {@code hz}. */
    static double peakNear(double[] db, double hz, double sr, int fft) {
        int k = (int) Math.round(hz * fft / sr);
        double best = -300;
        for (int i = Math.max(0, k - 2); i <= Math.min(db.length - 1, k + 2); i++) {
            best = Math.max(best, db[i]);
        }
        return best;
    }
}
