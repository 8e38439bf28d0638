package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.frame.FrameBatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierLaneTest {
    static final long MS = 1_000_000L;
    final List<byte[]> out = new ArrayList<>();
    final List<Long> outAt = new ArrayList<>();
    final TierLane lane = new TierLane(Tier.HIGH, (l, frame, n, now) -> {
        out.add(frame);
        outAt.add(now);
        assertEquals(n, AudioFrames.packetCount(frame));
    });

    @Test
    @DisplayName("packs 100 ms of audio per batch in Party (5 packets), every packet byte-identical and in order")
    void batches() {
        List<byte[]> sent = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            byte[] p = Packets.packet(Tier.HIGH, s, 50 + s);
            sent.add(p);
            lane.onPacket(p, 100, 2_000_000, s * 20 * MS);
        }
        assertEquals(4, out.size());
        int k = 0;
        for (byte[] f : out) {
            AudioFrame frame = AudioFrames.decode(f);
            assertEquals(5, frame.packets().size());
            for (byte[] payload : frame.packets()) {
                assertArrayEquals(AudioFrames.decode(sent.get(k)).packets().get(0), payload);
                assertEquals(k, frame.sequence() + frame.packets().indexOf(payload));
                k++;
            }
            assertEquals(Packets.T0_US + frame.sequence() * 20_000, frame.captureTimeUs());
        }
        assertEquals(19, lane.lastFlushedSeq());
    }

    @Test
    @DisplayName("Live batches are 40 ms (2 packets)")
    void live() {
        for (int s = 0; s < 6; s++) {
            lane.onPacket(Packets.packet(Tier.HIGH, s, 30), 40, 1_000_000, s * 20 * MS);
        }
        assertEquals(3, out.size());
        assertTrue(out.stream().allMatch(f -> AudioFrames.packetCount(f) == 2));
    }

    @Test
    @DisplayName("a gap in sequence closes the batch at once, so no frame spans a gap")
    void gap() {
        lane.onPacket(Packets.packet(Tier.HIGH, 0, 30), 100, 1_000_000, 0);
        lane.onPacket(Packets.packet(Tier.HIGH, 1, 30), 100, 1_000_000, 20 * MS);
        lane.onPacket(Packets.packet(Tier.HIGH, 5, 30), 100, 1_000_000, 40 * MS);
        assertEquals(1, out.size());
        assertEquals(2, AudioFrames.packetCount(out.get(0)));
        assertEquals(0, AudioFrames.sequence(out.get(0)));
    }

    @Test
    @DisplayName("the timer closes a batch whose first packet waited batchMs, not earlier")
    void timer() {
        lane.onPacket(Packets.packet(Tier.HIGH, 0, 30), 100, 1_000_000, 0);
        lane.onTick(100, 99 * MS);
        assertEquals(0, out.size());
        lane.onTick(100, 100 * MS);
        assertEquals(1, out.size());
        assertEquals(100 * MS, outAt.get(0));
        lane.onTick(100, 300 * MS);
        assertEquals(1, out.size(), "nothing held, nothing sent");
    }

    @Test
    @DisplayName("a late joiner's replay holds everything already sent that is in the ring, in 1 s frames, never the pending batch")
    void replay() {
        for (int s = 0; s < 103; s++) {
            lane.onPacket(Packets.packet(Tier.HIGH, s, 40), 100, 1_500_000, s * 20 * MS);
        }
        // ring: 1.5 s window → packets 27..102 (76); flushed up to 99; 100..102 pending
        assertEquals(99, lane.lastFlushedSeq());
        List<byte[]> replay = lane.replay(new FrameBatcher(Tier.HIGH), 50);
        assertEquals(2, replay.size());
        assertEquals(27, AudioFrames.sequence(replay.get(0)));
        assertEquals(50, AudioFrames.packetCount(replay.get(0)));
        assertEquals(77, AudioFrames.sequence(replay.get(1)));
        assertEquals(23, AudioFrames.packetCount(replay.get(1)));
        long ms = Arrays.stream(replay.toArray(byte[][]::new)).mapToLong(f -> AudioFrames.packetCount(f) * 20L).sum();
        assertTrue(ms >= 1_400, "replay holds at least D (here 1 s) of audio: " + ms);
    }

    @Test
    @DisplayName("no replay before the first batch went out")
    void noReplayYet() {
        lane.onPacket(Packets.packet(Tier.HIGH, 0, 40), 100, 1_500_000, 0);
        assertTrue(lane.replay(new FrameBatcher(Tier.HIGH), 50).isEmpty());
    }

    @Test
    @DisplayName("a late joiner's replay starts at the packet captured at now − D (within one packet), not at the ring's oldest")
    void replayFromNowMinusD() {
        int d = 400;
        TierLane live = new TierLane(Tier.HIGH, (l, frame, n, now) -> { }, () -> d);
        long nowUs = dev.roomcast.protocol.ServerClock.nowUs();
        // 1.5 s of audio up to now, ring window D + 500 ms
        for (int s = 0; s < 75; s++) {
            long capture = nowUs - (74 - s) * 20_000L;
            live.onPacket(Packets.packet(Tier.HIGH, s, capture, 40), 40, (d + 500) * 1000L, s * 20 * MS);
        }
        assertTrue(live.ring().spanUs() >= (d + 480) * 1000L, "the ring holds D + 500 ms");
        long before = dev.roomcast.protocol.ServerClock.nowUs();
        List<byte[]> replay = live.replay(new FrameBatcher(Tier.HIGH), 50);
        long after = dev.roomcast.protocol.ServerClock.nowUs();
        long first = AudioFrames.captureTimeUs(replay.get(0));
        assertTrue(first >= before - d * 1000L - 20_000, "not older than now − D − one packet: " + (before - d * 1000L - first) + " µs");
        assertTrue(first <= after - d * 1000L + 20_000, "not newer than now − D + one packet: " + (first - (after - d * 1000L)) + " µs");
        long last = AudioFrames.sequence(replay.get(replay.size() - 1)) + AudioFrames.packetCount(replay.get(replay.size() - 1)) - 1;
        assertEquals(live.lastFlushedSeq(), last, "up to the last packet sent; the pending batch follows by itself");
    }
}
