package dev.roomcast.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Server WebSocket frames built once for many sockets: server frames are not masked, so every
 * socket's bytes are the same (header and payload), and each socket gets a duplicate of one buffer
 * written below the WebSocket encoder (audio batches, reaction updates).
 */
public final class WsFrames {
    /** FIN + opcode: a whole text or binary message in one frame. */
    public static final int TEXT = 0x81;
    public static final int BINARY = 0x82;

    private WsFrames() {}

    /** A frame (FIN, {@code opcode}, unmasked) around the payload, in a pooled direct buffer. */
    public static ByteBuf encode(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xffff ? 4 : 10;
        ByteBuf f = PooledByteBufAllocator.DEFAULT.directBuffer(header + n);
        f.writeByte(opcode);
        if (n < 126) {
            f.writeByte(n);
        } else if (n <= 0xffff) {
            f.writeByte(126);
            f.writeShort(n);
        } else {
            f.writeByte(127);
            f.writeLong(n);
        }
        f.writeBytes(payload);
        return f;
    }
}
