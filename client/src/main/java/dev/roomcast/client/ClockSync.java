package dev.roomcast.client;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * NTP-style estimate of the server clock from ping/pong samples. For each sample: round trip
 * {@code (t3 − t0) − (t2 − t1)} and offset {@code ((t1 − t0) + (t2 − t3)) / 2} (server − client).
 * Queueing only ever adds delay, so the samples with the lowest round trip are the truest: the
 * estimate is the median offset of the fastest quarter of the last {@code window} samples.
 * An asymmetric path (slower one way than the other, consistently) still biases it by half the
 * asymmetry; nothing on one connection can see that. Pure and not thread-safe: synchronize outside.
 */
public final class ClockSync {
    private final int window;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long offsetUs;
    private long bestRttUs = Long.MAX_VALUE;
    private boolean known;

    public ClockSync(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.window = window;
    }

    public ClockSync() {
        this(32);
    }

    /**
     * One probe: {@code t0} client send, {@code t1} server receive, {@code t2} server send,
     * {@code t3} client receive (client times on the client clock, server times on the server's; all µs).
     */
    public void add(long t0, long t1, long t2, long t3) {
        long rtt = (t3 - t0) - (t2 - t1);
        if (rtt < 0 || t2 < t1) {
            return; // impossible: a clock jumped or the pong is bogus
        }
        long offset = Math.floorDiv((t1 - t0) + (t2 - t3), 2);
        samples.addLast(new long[] {rtt, offset});
        while (samples.size() > window) {
            samples.removeFirst();
        }
        recompute();
    }

    private void recompute() {
        long[][] s = samples.toArray(new long[0][]);
        Arrays.sort(s, (a, b) -> Long.compare(a[0], b[0]));
        int keep = Math.max(1, s.length / 8);
        long[] offsets = new long[keep];
        for (int i = 0; i < keep; i++) {
            offsets[i] = s[i][1];
        }
        Arrays.sort(offsets);
        offsetUs = keep % 2 == 1 ? offsets[keep / 2] : Math.floorDiv(offsets[keep / 2 - 1] + offsets[keep / 2], 2);
        bestRttUs = s[0][0];
        known = true;
    }

    /** Whether at least one sample was taken. */
    public boolean known() {
        return known;
    }

    /** server clock − client clock, µs. */
    public long offsetUs() {
        return offsetUs;
    }

    /** Lowest round trip among the samples held, µs. */
    public long bestRttUs() {
        return bestRttUs;
    }

    public int sampleCount() {
        return samples.size();
    }

    public long toServerUs(long clientUs) {
        return clientUs + offsetUs;
    }
}
