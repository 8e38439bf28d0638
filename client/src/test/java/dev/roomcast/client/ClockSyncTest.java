package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClockSyncTest {
    private static final long TRUE_OFFSET = 123_456_789L; // server − client, µs

    /** One probe over a path with base delay and random (exponential) queueing each way. */
    private static void probe(ClockSync sync, Random rnd, long clientNow, long baseUs, double meanQueueUs, long asymmetryUs) {
        long up = baseUs + asymmetryUs + (long) (-meanQueueUs * Math.log(1 - rnd.nextDouble()));
        long down = baseUs + (long) (-meanQueueUs * Math.log(1 - rnd.nextDouble()));
        long t0 = clientNow;
        long t1 = t0 + up + TRUE_OFFSET;
        long t2 = t1 + 50 + rnd.nextInt(200); // server processing
        long t3 = t2 - TRUE_OFFSET + down;
        sync.add(t0, t1, t2, t3);
    }

    @Test
    @DisplayName("with random queueing delays (mean 2 ms each way) the offset is found within 0.75 ms by keeping the fastest samples")
    void jitteryPath() {
        check(2_000, 750);
    }

    @Test
    @DisplayName("even with heavy queueing (mean 5 ms each way) the offset stays within 1.5 ms")
    void veryJitteryPath() {
        check(5_000, 1_500);
    }

    private static void check(double meanQueueUs, long toleranceUs) {
        for (long seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            ClockSync sync = new ClockSync(32);
            for (int i = 0; i < 32; i++) {
                probe(sync, rnd, 1_700_000_000_000_000L + i * 100_000L, 400, meanQueueUs, 0);
            }
            assertTrue(Math.abs(sync.offsetUs() - TRUE_OFFSET) < toleranceUs,
                    "seed " + seed + ": error " + (sync.offsetUs() - TRUE_OFFSET) + " µs");
            assertTrue(sync.bestRttUs() >= 800 && sync.bestRttUs() < 800 + 4 * meanQueueUs);
        }
    }

    @Test
    @DisplayName("a naive average of the same samples is far worse than the fastest-eighth median")
    void betterThanAverage() {
        Random rnd = new Random(42);
        ClockSync sync = new ClockSync(32);
        double sum = 0;
        for (int i = 0; i < 32; i++) {
            long t0 = i * 100_000L;
            long up = 400 + (long) (-20_000 * Math.log(1 - rnd.nextDouble()));
            long down = 400 + (long) (-2_000 * Math.log(1 - rnd.nextDouble()));
            long t1 = t0 + up + TRUE_OFFSET;
            long t2 = t1 + 100;
            long t3 = t2 - TRUE_OFFSET + down;
            sum += ((t1 - t0) + (t2 - t3)) / 2.0;
            sync.add(t0, t1, t2, t3);
        }
        double naiveError = Math.abs(sum / 32 - TRUE_OFFSET);
        double error = Math.abs(sync.offsetUs() - TRUE_OFFSET);
        assertTrue(error < naiveError / 4, "estimate error " + error + " vs naive " + naiveError);
    }

    @Test
    @DisplayName("a constant asymmetry biases the estimate by half of it (documented limit), and the window forgets old samples")
    void asymmetryAndWindow() {
        Random rnd = new Random(7);
        ClockSync sync = new ClockSync(8);
        assertFalse(sync.known());
        for (int i = 0; i < 50; i++) {
            probe(sync, rnd, i * 100_000L, 300, 1, 2_000);
        }
        assertTrue(sync.known());
        assertEquals(8, sync.sampleCount());
        assertEquals(TRUE_OFFSET + 1_000, sync.offsetUs(), 150);
    }

    @Test
    @DisplayName("impossible samples (negative round trip) are ignored")
    void bogus() {
        ClockSync sync = new ClockSync();
        sync.add(1000, 5000, 4000, 2000);
        sync.add(1000, 1000, 1100, 900);
        assertFalse(sync.known());
        sync.add(0, TRUE_OFFSET + 500, TRUE_OFFSET + 600, 1100);
        assertEquals(TRUE_OFFSET, sync.offsetUs());
        assertEquals(1_000, sync.bestRttUs());
        assertEquals(TRUE_OFFSET + 42, sync.toServerUs(42));
    }
}
