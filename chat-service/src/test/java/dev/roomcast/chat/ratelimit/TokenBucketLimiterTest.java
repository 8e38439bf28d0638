package dev.roomcast.chat.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenBucketLimiterTest {
    private long now = 1_000_000_000L;
    private final TokenBucketLimiter limiter = new TokenBucketLimiter(5, 1.0, () -> now);

    private void advanceMillis(long ms) {
        now += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private int acquired(String key, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(key)) {
                n++;
            }
        }
        return n;
    }

    @Test
    @DisplayName("a new key may send a burst of 5 at once, the 6th is refused")
    void burst() {
        assertEquals(5, acquired("room u1", 20));
        assertFalse(limiter.tryAcquire("room u1"));
    }

    @Test
    @DisplayName("a backlog read late is judged by when it was sent: 20 messages sent 1.2 s apart all pass, read at one instant")
    void judgedAtSendTime() {
        long sentAt = now;
        advanceMillis(60_000); // read a minute later, all at once
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire("late", sentAt + i * TimeUnit.MILLISECONDS.toNanos(1200)), "message " + i);
        }
        // a flood sent within one second is refused after the burst, however late it is read
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("flood", sentAt + i));
        }
        assertFalse(limiter.tryAcquire("flood", sentAt + 10));
        // a send time in the future counts as now: it cannot buy more than a full bucket
        int n = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire("flood", now + TimeUnit.SECONDS.toNanos(100 + i * 10))) {
                n++;
            }
        }
        assertEquals(5, n);
    }

    @Test
    @DisplayName("one token comes back per second, not before")
    void refill() {
        acquired("k", 5);
        advanceMillis(999);
        assertFalse(limiter.tryAcquire("k"));
        advanceMillis(1);
        assertTrue(limiter.tryAcquire("k"));
        assertFalse(limiter.tryAcquire("k"));
        advanceMillis(2500);
        assertEquals(2, acquired("k", 5));
    }

    @Test
    @DisplayName("a long pause refills to the burst size and no further")
    void refillCapped() {
        acquired("k", 5);
        advanceMillis(3_600_000);
        assertEquals(5, acquired("k", 20));
    }

    @Test
    @DisplayName("keys are independent: one user's flood does not limit another")
    void independentKeys() {
        assertEquals(5, acquired("room u1", 20));
        assertEquals(5, acquired("room u2", 20));
        assertEquals(5, acquired("other u1", 20));
    }

    @Test
    @DisplayName("buckets that are full again are forgotten, and forgetting them changes nothing")
    void evictIdle() {
        acquired("a", 5);
        advanceMillis(2000);
        acquired("b", 1);
        assertEquals(0, limiter.evictIdle());
        advanceMillis(3000); // a: 5 s since its last update = full again; b: 3 s
        assertEquals(1, limiter.evictIdle());
        assertEquals(1, limiter.size());
        assertEquals(5, acquired("a", 20));
    }

    @Test
    @DisplayName("a fractional rate refills proportionally")
    void fractionalRate() {
        TokenBucketLimiter slow = new TokenBucketLimiter(1, 0.5, () -> now);
        assertTrue(slow.tryAcquire("k"));
        advanceMillis(1999);
        assertFalse(slow.tryAcquire("k"));
        advanceMillis(1);
        assertTrue(slow.tryAcquire("k"));
    }

    @Test
    @DisplayName("a burst below 1 or a rate of 0 is a configuration error")
    void badConfig() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucketLimiter(0, 1, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucketLimiter(5, 0, () -> 0));
    }
}
