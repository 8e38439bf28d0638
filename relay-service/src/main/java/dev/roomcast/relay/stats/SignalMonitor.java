package dev.roomcast.relay.stats;

import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.SignalState;

/**
 * Whether a room's host is sending sound or silence, from the PCM the relay decodes anyway. A packet
 * is sound when its loudest sample reaches {@link Limits#SILENCE_DBFS}; the room is {@code silence}
 * once no packet was sound for {@link Limits#SILENCE_AFTER_MS} of capture time, and {@code sound}
 * again with the first loud packet. Pure and allocation-free: one pass over every other sample of a
 * packet. Not thread-safe (one room, one thread).
 *
 * <p>The relay does not decode every packet (RoomPipeline: once one was loud, it skips a while): a
 * packet it did not hear is {@link #onUnheard(long) counted as sound}, so silence is never declared
 * before {@link Limits#SILENCE_AFTER_MS} have passed since the last packet that might have been loud.
 */
public final class SignalMonitor {
    /** Peak threshold in 16-bit units: −60 dBFS ≈ 33. */
    static final int THRESHOLD = (int) Math.ceil(32768 * Math.pow(10, Limits.SILENCE_DBFS / 20.0));
    private static final long SILENCE_AFTER_US = Limits.SILENCE_AFTER_MS * 1000L;
    /** A hole in capture time this long (either way) is a new stream, judged afresh. */
    private static final long RESTART_GAP_US = Limits.NO_AUDIO_AFTER_MS * 1000L;

    private long firstUs = Long.MIN_VALUE;
    private long lastSoundUs = Long.MIN_VALUE;
    private long lastUs = Long.MIN_VALUE;

    /**
     * One decoded 20 ms packet: interleaved stereo {@code pcm[off .. off+len)} captured at
     * {@code captureUs}. Returns whether it was sound.
     */
    public boolean onPacket(long captureUs, short[] pcm, int off, int len) {
        arrive(captureUs);
        // every other sample: a 20 ms packet of anything audible has many samples above −60 dBFS
        for (int i = off, end = off + len; i < end; i += 2) {
            int v = pcm[i];
            if (v >= THRESHOLD || v <= -THRESHOLD) {
                lastSoundUs = captureUs;
                return true;
            }
        }
        return false;
    }

    /** A packet that was forwarded without being judged: it may have been loud, so it counts as sound. */
    public void onUnheard(long captureUs) {
        arrive(captureUs);
        lastSoundUs = captureUs;
    }

    private void arrive(long captureUs) {
        if (firstUs == Long.MIN_VALUE || Math.abs(captureUs - lastUs) > RESTART_GAP_US) {
            firstUs = captureUs; // first packet, or the host started over (a reload, a new source after a pause)
            lastSoundUs = Long.MIN_VALUE;
        }
        lastUs = captureUs;
    }

    /** {@code sound} or {@code silence} as of the newest packet; null before the first. */
    public SignalState state() {
        if (firstUs == Long.MIN_VALUE) {
            return null;
        }
        long quietSince = lastSoundUs == Long.MIN_VALUE ? firstUs : lastSoundUs;
        return lastUs - quietSince >= SILENCE_AFTER_US ? SignalState.SILENCE : SignalState.SOUND;
    }

    /** Capture time from which the current state holds (when silence began, or the newest loud packet). */
    public long sinceUs() {
        if (state() == SignalState.SILENCE) {
            return lastSoundUs == Long.MIN_VALUE ? firstUs : lastSoundUs;
        }
        return lastSoundUs;
    }
}
