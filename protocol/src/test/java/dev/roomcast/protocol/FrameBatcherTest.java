package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.frame.FrameBatcher;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    @Test
    @DisplayName("five consecutive packets become one frame that a client decodes to the same five packets")
    void batchesConsecutivePackets() {
        FrameBatcher batcher = new FrameBatcher(Tier.MEDIUM);
        for (int i = 0; i < 5; i++) {
            byte[] single = AudioFrame.of(Codec.OPUS, Tier.MEDIUM, 100 + i, 1_000_000 + i * 20_000L, List.of(new byte[] {(byte) i, 7})).encode();
            int pos = AudioFrames.firstPacket();
            assertTrue(batcher.accepts(AudioFrames.sequence(single), AudioFrames.captureTimeUs(single), Codec.OPUS, 0, AudioFrames.packetLength(single, pos)));
            batcher.add(AudioFrames.sequence(single), AudioFrames.captureTimeUs(single), Codec.OPUS, 0, single, pos + 2,
                    AudioFrames.packetLength(single, pos));
        }
        AudioFrame batch = AudioFrames.decode(batcher.take());
        assertEquals(100, batch.sequence());
        assertEquals(1_000_000, batch.captureTimeUs());
        assertEquals(Tier.MEDIUM, batch.tier());
        assertEquals(5, batch.packets().size());
        assertArrayEquals(new byte[] {3, 7}, batch.packets().get(3));
        assertNull(batcher.take(), "a taken batch is empty");
    }

    @Test
    @DisplayName("a gap in the sequence, a jump in capture time or a codec change starts a new batch")
    void refusesGapsAndCodecChanges() {
        FrameBatcher batcher = new FrameBatcher(Tier.HIGH);
        batcher.add(10, 0, Codec.OPUS, 0, new byte[] {1}, 0, 1);
        assertFalse(batcher.accepts(12, 40_000, Codec.OPUS, 0, 1));
        assertFalse(batcher.accepts(11, 20_000, Codec.PCM_S16LE, 0, Limits.PCM_PACKET_BYTES));
        assertFalse(batcher.accepts(11, 3_000_000, Codec.OPUS, 0, 1), "captured 3 s later: the frame's one capture time cannot carry it");
        assertFalse(batcher.accepts(11, 9_000, Codec.OPUS, 0, 1), "more than half a packet early");
        assertFalse(batcher.accepts(11, 31_000, Codec.OPUS, 0, 1), "more than half a packet late");
        assertTrue(batcher.accepts(11, 20_000, Codec.OPUS, 0, 1));
        assertTrue(batcher.accepts(11, 24_000, Codec.OPUS, 0, 1), "stamping jitter of a few ms joins the batch");
        assertFalse(batcher.accepts(11, 20_000, Codec.OPUS, AudioFrame.FLAG_DISCONTINUITY, 1),
                "a discontinuity (another sender took over) starts a frame of its own, so its flag and capture time are kept");
    }

    @Test
    @DisplayName("a batch never grows past the packet limit of one frame")
    void boundsBatchSize() {
        FrameBatcher batcher = new FrameBatcher(Tier.HIGH);
        for (int i = 0; i < Limits.MAX_PACKETS_PER_FRAME; i++) {
            assertTrue(batcher.accepts(i, i * 20_000L, Codec.OPUS, 0, 1));
            batcher.add(i, i * 20_000L, Codec.OPUS, 0, new byte[] {1}, 0, 1);
        }
        assertFalse(batcher.accepts(Limits.MAX_PACKETS_PER_FRAME, Limits.MAX_PACKETS_PER_FRAME * 20_000L, Codec.OPUS, 0, 1));
    }
}
