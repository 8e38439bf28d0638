package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AudioFramesTest {

    @Test
    @DisplayName("the tail of a frame keeps its later packets, with the sequence and capture time of the first one kept")
    void tail() {
        byte[] frame = new AudioFrame(Codec.OPUS, Tier.MEDIUM, 0xffff_fffeL, 1_000_000, 960, 1,
                List.of(new byte[] {1}, new byte[] {2, 2}, new byte[] {3, 3, 3})).encode();
        assertSame(frame, AudioFrames.tail(frame, 0));
        AudioFrame t = AudioFrames.decode(AudioFrames.tail(frame, 2));
        assertEquals(1, t.packets().size());
        assertArrayEquals(new byte[] {3, 3, 3}, t.packets().get(0));
        assertEquals(0, t.sequence(), "wraps at 2^32");
        assertEquals(1_040_000, t.captureTimeUs());
        assertEquals(Tier.MEDIUM, t.tier());
        assertEquals(1, t.flags());
    }
}
