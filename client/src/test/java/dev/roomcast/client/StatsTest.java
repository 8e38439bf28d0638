package dev.roomcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    @DisplayName("gaps are counted per tier, multi-packet frames advance the sequence, and latency is per packet")
    void counts() {
        Stats s = new Stats();
        s.onFrame(0, 10, 5, 1_000_000, 1_100_000); // packets 10..14, latencies 100, 80, 60, 40, 20 ms
        s.onFrame(1, 500, 1, 1_000_000, 1_010_000); // another tier: its own sequence
        s.onFrame(0, 15, 5, 1_100_000, 1_200_000);
        s.onFrame(0, 22, 1, 1_240_000, 1_250_000); // 20, 21 missing
        s.onFrame(0, 23, 1, 1_260_000, 1_270_000);
        assertEquals(5, s.frames());
        assertEquals(13, s.packets());
        assertEquals(2, s.gaps());
        assertEquals(40_000, s.latencyPercentileUs(50)); // 13 samples: 10,10,10,20,20,40,40,60,...
        assertEquals(100_000, s.latencyPercentileUs(99));
        assertTrue(s.summary().contains("gaps=2"));
    }

    @Test
    @DisplayName("a sequence wrapping at 2^32 is not a gap; an older sequence counts as reordered")
    void wrapAndReorder() {
        Stats s = new Stats();
        s.onFrame(2, 0xFFFF_FFFFL, 1, 0, 1);
        s.onFrame(2, 0, 1, 0, 1);
        s.onFrame(2, 0, 1, 0, 1);
        assertEquals(0, s.gaps());
        assertEquals(1, s.reordered());
    }
}
