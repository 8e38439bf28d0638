package dev.roomcast.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.relay.stats.IngestStats;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestStatsTest {
    @Test
    @DisplayName("bitrate, loss from host sequence gaps, latency and jitter come out of one window")
    void window() {
        IngestStats s = new IngestStats();
        long t0 = 1_000_000_000L;
        Random rnd = new Random(1);
        for (int k = 0; k < 50; k++) {
            if (k % 10 == 5) {
                continue; // 5 of 50 lost
            }
            long capture = t0 + k * 20_000L;
            long arrival = capture + 30_000 + rnd.nextInt(4_000); // 30..34 ms
            s.onFrame(k, 1, capture, arrival, 400);
        }
        assertTrue(s.due(t0 + 1_100_000, 1_000_000));
        IngestStats.Snapshot snap = s.take(t0 + 1_100_000);
        assertEquals(45, snap.packets());
        assertEquals(5, snap.lostPackets());
        assertEquals(0.1, snap.loss(), 1e-9);
        assertEquals(32, snap.latencyMs(), 1);
        assertEquals(400 * 8 / 20, snap.bitrateKbps(), "400 bytes per 20 ms packet = 160 kbps");
        assertTrue(snap.jitterMs() > 0.5 && snap.jitterMs() < 2.5, "jitter " + snap.jitterMs());
        assertFalse(s.due(t0 + 1_600_000, 1_000_000));
    }

    @Test
    @DisplayName("a window that got a burst after a stall reports the stream's bitrate, not how fast bytes arrived")
    void burstAfterStall() {
        IngestStats s = new IngestStats();
        long t0 = 1_000_000_000L;
        // 1 s of 128 kbps audio (320 bytes per 20 ms) arrives in the last 100 ms of a 3 s window
        for (int k = 0; k < 50; k++) {
            s.onFrame(k, 1, t0 + k * 20_000L, t0 + 2_900_000 + k * 2_000L, 320);
        }
        assertEquals(128, s.take(t0 + 3_000_000).bitrateKbps());
    }

    @Test
    @DisplayName("a host sequence restart is not counted as loss, and multi-packet frames advance the expected sequence")
    void restart() {
        IngestStats s = new IngestStats();
        s.onFrame(100, 5, 0, 10_000, 100);
        s.onFrame(105, 5, 100_000, 110_000, 100);
        s.onFrame(3, 5, 200_000, 210_000, 100);
        IngestStats.Snapshot snap = s.take(1_000_000);
        assertEquals(0, snap.lostPackets());
        assertEquals(15, snap.packets());
    }
}
