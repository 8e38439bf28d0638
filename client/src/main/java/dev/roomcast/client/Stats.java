package dev.roomcast.client;

import java.util.Arrays;

/**
 * What one listener received: frames, packets, sequence gaps per tier, and latency samples
 * (receive time − capture time, both server clock, µs). Thread-safe.
 */
public final class Stats {
    private long frames;
    private long packets;
    private long gaps;
    private long reordered;
    private final long[] nextSeq = {-1, -1, -1};
    private long[] latencies = new long[1024];
    private int latencyCount;

    /** Records one frame: {@code n} packets from {@code sequence}, first captured at {@code captureUs}. */
    public synchronized void onFrame(int tier, long sequence, int n, long captureUs, long receiveServerUs) {
        frames++;
        packets += n;
        if (tier >= 0 && tier < 3) {
            long expected = nextSeq[tier];
            if (expected >= 0 && sequence != expected) {
                long d = (sequence - expected) & 0xffffffffL;
                if (d < 0x8000_0000L) {
                    gaps += d;
                } else {
                    reordered++;
                }
            }
            nextSeq[tier] = (sequence + n) & 0xffffffffL;
        }
        for (int i = 0; i < n; i++) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = receiveServerUs - (captureUs + i * 20_000L);
        }
    }

    public synchronized long frames() {
        return frames;
    }

    public synchronized long packets() {
        return packets;
    }

    /** Packets missing between consecutive frames of a tier. */
    public synchronized long gaps() {
        return gaps;
    }

    public synchronized long reordered() {
        return reordered;
    }

    /** Latency percentile (0..100) in µs; 0 when nothing was received. */
    public synchronized long latencyPercentileUs(double p) {
        return percentile(Arrays.copyOf(latencies, latencyCount), p);
    }

    static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] v = values.clone();
        Arrays.sort(v);
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))];
    }

    public synchronized String summary() {
        return String.format("frames=%d packets=%d gaps=%d reordered=%d latency p50=%.1f ms p99=%.1f ms",
                frames, packets, gaps, reordered, latencyPercentileUs(50) / 1000.0, latencyPercentileUs(99) / 1000.0);
    }
}
