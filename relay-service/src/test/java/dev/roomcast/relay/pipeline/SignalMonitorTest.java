package dev.roomcast.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.roomcast.protocol.SignalState;
import dev.roomcast.relay.stats.SignalMonitor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignalMonitorTest {
    private static final int SHORTS = 1920;
    private static final long T0 = 1_700_000_000_000_000L;

    /** A 20 ms stereo packet: a 440 Hz sine at {@code dbfs}, or digital silence. */
    private static short[] packet(double dbfs) {
        short[] pcm = new short[SHORTS];
        double amp = dbfs == Double.NEGATIVE_INFINITY ? 0 : 32767 * Math.pow(10, dbfs / 20);
        for (int i = 0; i < SHORTS / 2; i++) {
            short v = (short) Math.round(amp * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
            pcm[2 * i] = v;
            pcm[2 * i + 1] = v;
        }
        return pcm;
    }

    private static void feed(SignalMonitor m, long fromUs, int packets, short[] pcm) {
        for (int k = 0; k < packets; k++) {
            m.onPacket(fromUs + k * 20_000L, pcm, 0, SHORTS);
        }
    }

    @Test
    @DisplayName("music is sound; a playlist that ends into silence is 'silence' after 10 s of it, and sound again at once")
    void silenceAfterTenSeconds() {
        SignalMonitor m = new SignalMonitor();
        assertNull(m.state(), "nothing heard yet");
        feed(m, T0, 100, packet(-20)); // 2 s of music
        assertEquals(SignalState.SOUND, m.state());
        long quietFrom = T0 + 100 * 20_000L;
        feed(m, quietFrom, 490, packet(Double.NEGATIVE_INFINITY)); // 9.8 s of silence
        assertEquals(SignalState.SOUND, m.state(), "under 10 s of silence is still sound");
        feed(m, quietFrom + 490 * 20_000L, 20, packet(Double.NEGATIVE_INFINITY));
        assertEquals(SignalState.SILENCE, m.state());
        assertEquals(quietFrom - 20_000L, m.sinceUs(), "silence holds from the last loud packet");
        long back = quietFrom + 510 * 20_000L;
        feed(m, back, 1, packet(-30));
        assertEquals(SignalState.SOUND, m.state());
    }

    @Test
    @DisplayName("a hiss at −70 dBFS is silence; a quiet passage at −50 dBFS is sound")
    void threshold() {
        SignalMonitor hiss = new SignalMonitor();
        feed(hiss, T0, 600, packet(-70));
        assertEquals(SignalState.SILENCE, hiss.state());
        SignalMonitor quiet = new SignalMonitor();
        feed(quiet, T0, 600, packet(-50));
        assertEquals(SignalState.SOUND, quiet.state());
    }

    @Test
    @DisplayName("a host that starts over (capture times jump back) is judged afresh")
    void restart() {
        SignalMonitor m = new SignalMonitor();
        feed(m, T0, 600, packet(Double.NEGATIVE_INFINITY));
        assertEquals(SignalState.SILENCE, m.state());
        feed(m, T0 - 60_000_000L, 5, packet(-20));
        assertEquals(SignalState.SOUND, m.state());
        // after a pause of 30 s the new stream starts with a quiet intro: not silence yet
        feed(m, T0 - 60_000_000L + 30_000_000L, 50, packet(Double.NEGATIVE_INFINITY));
        assertEquals(SignalState.SOUND, m.state());
    }

    @Test
    @DisplayName("a packet that was not heard counts as sound: silence is 10 s after the last of them, not after the last loud one")
    void unheardIsSound() {
        SignalMonitor m = new SignalMonitor();
        feed(m, T0, 1, packet(-20));
        for (int k = 1; k < 100; k++) {
            m.onUnheard(T0 + k * 20_000L); // 2 s forwarded without decoding
        }
        long quietFrom = T0 + 100 * 20_000L;
        feed(m, quietFrom, 499, packet(Double.NEGATIVE_INFINITY));
        assertEquals(SignalState.SOUND, m.state(), "10 s after the loud packet, but not after the unheard ones");
        feed(m, quietFrom + 499 * 20_000L, 2, packet(Double.NEGATIVE_INFINITY));
        assertEquals(SignalState.SILENCE, m.state());
        assertEquals(quietFrom - 20_000L, m.sinceUs(), "silence from the last packet that might have been loud");
    }
}
