package dev.roomcast.chat.ratelimit;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: a key may spend up to {@code burst} tokens at once, and gets
 * {@code perSecond} tokens back every second, never holding more than {@code burst}. Time comes
 * from an injected nanosecond clock, so tests drive it by hand.
 *
 * <p>A bucket that has been idle long enough to be full again is the same as no bucket, so
 * {@link #evictIdle()} drops those: memory is bounded by the keys active in the last
 * {@code burst / perSecond} seconds.
 */
public final class TokenBucketLimiter {
    private final double burst;
    private final double perNano;
    private final long refillFullNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    public TokenBucketLimiter(int burst, double perSecond, LongSupplier nanoClock) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.refillFullNanos = (long) Math.ceil(burst / this.perNano);
        this.nanoClock = nanoClock;
    }

    /** Takes one token of {@code key}'s bucket: true if there was one. */
    public synchronized boolean tryAcquire(String key) {
        return tryAcquire(key, nanoClock.getAsLong());
    }

    /**
     * Takes one token of {@code key}'s bucket as of time {@code atNanos} (on the same clock as the
     * injected one): the time the message was sent, not the time it is looked at, so a backlog
     * read after an outage is judged by the rate it was sent at. A time before the bucket's last
     * update refills nothing; a time after "now" counts as now.
     */
    public synchronized boolean tryAcquire(String key, long atNanos) {
        long now = Math.min(atNanos, nanoClock.getAsLong());
        Bucket b = buckets.get(key);
        if (b == null) {
            buckets.put(key, new Bucket(burst - 1, now));
            return true;
        }
        refill(b, now);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    /** Forgets buckets that are full again; call now and then. Returns how many were dropped. */
    public synchronized int evictIdle() {
        long now = nanoClock.getAsLong();
        int dropped = 0;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (now - b.updatedAt >= refillFullNanos) {
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /** Number of keys with a bucket that is not (known to be) full. */
    public synchronized int size() {
        return buckets.size();
    }

    private void refill(Bucket b, long now) {
        long elapsed = now - b.updatedAt;
        if (elapsed > 0) {
            b.tokens = Math.min(burst, b.tokens + elapsed * perNano);
            b.updatedAt = now;
        }
    }
}
