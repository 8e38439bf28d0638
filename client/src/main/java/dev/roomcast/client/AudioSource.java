package dev.roomcast.client;

/** 48 kHz stereo audio, one 20 ms packet (960 interleaved sample pairs) at a time. */
public interface AudioSource {
    int PACKET_SHORTS = 960 * 2;

    /** Fills {@code out} (at least 1920 shorts) with the next packet; false when the source has ended. */
    boolean next(short[] out);
}
