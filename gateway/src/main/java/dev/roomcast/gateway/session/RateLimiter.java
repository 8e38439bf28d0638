package dev.roomcast.gateway.session;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Time is passed in (ns), so
 * it is deterministic to test. Not thread-safe: one per socket, used from its event loop.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNs;

    public RateLimiter(double perSecond, int burst, long nowNs) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNs = nowNs;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long nowNs) {
        long elapsed = nowNs - lastNs;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            lastNs = nowNs;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
