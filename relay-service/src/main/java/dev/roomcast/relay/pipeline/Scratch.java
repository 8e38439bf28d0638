package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Limits;

/**
 * Work buffers of one thread, shared by every room that thread serves (rooms are processed one
 * at a time), so a room's state holds no large arrays: PCM of a whole frame and one encoded packet.
 */
public final class Scratch {
    static final int PACKET_SHORTS = Limits.PACKET_SAMPLES * Limits.CHANNELS;

    final short[] pcm = new short[PACKET_SHORTS * Limits.MAX_PACKETS_PER_FRAME];
    final byte[] packet = new byte[Limits.MAX_OPUS_PACKET];
}
