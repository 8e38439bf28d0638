package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrames;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketRingTest {

    @Test
    @DisplayName("keeps only the packets within the window behind the newest, by reference")
    void window() {
        PacketRing ring = new PacketRing(512);
        byte[] first = Packets.packet(Tier.HIGH, 0, 10);
        ring.add(first, 900_000);
        assertSame(first, ring.get(0));
        for (int s = 1; s < 200; s++) {
            ring.add(Packets.packet(Tier.HIGH, s, 10), 900_000);
        }
        // newest captured at 199 × 20 ms; window 900 ms → from packet 154 on
        assertEquals(46, ring.size());
        assertEquals(154, AudioFrames.sequence(ring.get(0)));
        assertEquals(199, AudioFrames.sequence(ring.get(45)));
        assertEquals(920_000, ring.spanUs());
    }

    @Test
    @DisplayName("never holds more than its capacity, dropping the oldest")
    void capacity() {
        PacketRing ring = new PacketRing(8);
        for (int s = 0; s < 20; s++) {
            ring.add(Packets.packet(Tier.LOW, s, 5), 60_000_000);
        }
        assertEquals(8, ring.size());
        assertEquals(12, AudioFrames.sequence(ring.get(0)));
        ring.clear();
        assertEquals(0, ring.size());
        assertEquals(0, ring.spanUs());
    }

    @Test
    @DisplayName("a window shrunk by a preset change applies at the next packet")
    void shrink() {
        PacketRing ring = new PacketRing(512);
        for (int s = 0; s < 300; s++) {
            ring.add(Packets.packet(Tier.HIGH, s, 5), 5_500_000);
        }
        assertEquals(276, ring.size());
        ring.add(Packets.packet(Tier.HIGH, 300, 5), 900_000);
        assertEquals(46, ring.size());
    }
}
