package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CatchUpTest {
    private static byte[] batch(long firstCaptureUs, int packets) {
        List<byte[]> p = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            p.add(new byte[] {(byte) i});
        }
        return new AudioFrame(Codec.OPUS, Tier.HIGH, 1000, firstCaptureUs, 960, 0, p).encode();
    }

    @Test
    @DisplayName("a catch-up batch loses the packets already past their play-out time (capture + D + 20 ms < now), keeps the rest")
    void playable() {
        int d = 1200;
        long now = ServerClock.nowUs();
        assertNull(RoomAudioReader.playable(batch(now - 2_000_000, 5), 5, d), "all of it is older than D + 20 ms");
        byte[] fresh = batch(now - 500_000, 5);
        assertSame(fresh, RoomAudioReader.playable(fresh, 5, d), "all of it can still be played");
        byte[] straddling = batch(now - d * 1000L - 60_000, 10);
        byte[] tail = RoomAudioReader.playable(straddling, 10, d);
        long first = AudioFrames.captureTimeUs(tail);
        assertTrue(first >= now - d * 1000L - 20_000, "its first packet holds now - D or later: " + (now - first));
        assertTrue(first <= now - d * 1000L + 20_000, "and nothing playable was dropped: " + (now - first));
        assertEquals(AudioFrames.packetCount(tail), 10 - (first - AudioFrames.captureTimeUs(straddling)) / 20_000);
    }
}
