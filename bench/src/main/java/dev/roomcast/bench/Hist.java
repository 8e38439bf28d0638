package dev.roomcast.bench;

/** Latency histogram in 50 µs buckets up to 60 s (single writer). */
final class Hist {
    private static final int BUCKET_US = 50;
    private final long[] counts = new long[60_000_000 / BUCKET_US + 1];
    private long n;
    private long maxUs;

    void add(long us) {
        if (us < 0) {
            us = 0;
        }
        int b = (int) Math.min(counts.length - 1, us / BUCKET_US);
        counts[b]++;
        n++;
        maxUs = Math.max(maxUs, us);
    }

    long count() {
        return n;
    }

    void reset() {
        java.util.Arrays.fill(counts, 0);
        n = 0;
        maxUs = 0;
    }

    /** Percentile in ms (bucket midpoint), NaN if empty. */
    double pctMs(double p) {
        if (n == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, target)) {
                return (i * BUCKET_US + BUCKET_US / 2.0) / 1000.0;
            }
        }
        return maxUs / 1000.0;
    }

    double maxMs() {
        return maxUs / 1000.0;
    }

    long countAbove(long us) {
        long c = 0;
        for (int i = (int) Math.min(counts.length - 1, us / BUCKET_US + 1); i < counts.length; i++) {
            c += counts[i];
        }
        return c;
    }
}
