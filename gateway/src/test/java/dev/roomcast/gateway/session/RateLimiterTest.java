package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    @DisplayName("a burst passes, the next message waits for a refill, and the rate holds over time")
    void burstThenRate() {
        RateLimiter limiter = new RateLimiter(2, 5, 0);
        int passed = 0;
        for (int i = 0; i < 20; i++) {
            if (limiter.tryAcquire(0)) {
                passed++;
            }
        }
        assertEquals(5, passed);
        assertFalse(limiter.tryAcquire(SECOND / 4));
        assertTrue(limiter.tryAcquire(SECOND / 2));
        int later = 0;
        for (long t = SECOND; t <= 11 * SECOND; t += SECOND / 100) {
            if (limiter.tryAcquire(t)) {
                later++;
            }
        }
        assertTrue(later >= 19 && later <= 22, "about 2 per second over 10 s, got " + later);
    }
}
