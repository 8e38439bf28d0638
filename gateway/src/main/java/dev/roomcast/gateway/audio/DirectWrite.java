package dev.roomcast.gateway.audio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.traffic.AbstractTrafficShapingHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jboss.logging.Logger;

/**
 * The kernel socket under a listener's Netty channel, for writing a ready-made frame with one
 * {@code write(2)} and nothing else, as the raw-NIO floor of the fan-out benchmark does.
 *
 * <p>Why: a JFR profile of the fan-out at 4,000 listeners put most of the event loops' Java time
 * in Netty's per-write machinery, not in the socket write: a pooled duplicate of the frame (its
 * recycler alone was 13 % of all samples), two NIO views of it, an outbound-buffer entry and its
 * promise, the pipeline walk. When nothing is queued in Netty for the channel, none of that buys
 * anything: the frame can go to the socket at once, and only what the kernel does not take (a slow
 * reader) goes through Netty, which then keeps order and waits for the socket to drain.
 *
 * <p>Only where the bytes on the wire are the bytes written: no TLS handler and no traffic shaping
 * in the pipeline (TLS ends at the ingress here; a gateway terminating TLS itself simply keeps the
 * Netty path). NIO transport only (Quarkus's default); reached once per listener by reflection,
 * {@code AbstractNioChannel.javaChannel()} being protected.
 */
final class DirectWrite {
    private static final Logger LOG = Logger.getLogger(DirectWrite.class);
    private static final MethodHandle JAVA_CHANNEL = find();

    /** How a frame went out: whole to the kernel, in part to the kernel and the rest through Netty, or all through Netty. */
    enum Outcome { WHOLE, PARTIAL, NETTY }

    private DirectWrite() {}

    /**
     * On the channel's event loop: {@code frame} ({@code size} readable bytes) to the channel. When
     * Netty holds nothing for it (its outbound buffer {@code out}, flushed or not, is empty, so nothing written
     * before can be overtaken) and {@code direct} is set, the frame goes to the kernel socket at once
     * through {@code nio}, a view of the frame shared by the loop's writes (rewound here); what the
     * kernel does not take, and the whole frame while Netty still holds bytes, is written and flushed
     * through Netty from {@code ctx}, which then keeps the order and waits for the socket to drain.
     */
    static Outcome write(ChannelHandlerContext ctx, ChannelOutboundBuffer out, SocketChannel direct, ByteBuf frame, ByteBuffer nio,
                         int size, ChannelPromise promise) {
        int done = 0;
        if (direct != null && nio != null) {
            if (out != null && out.totalPendingWriteBytes() == 0 && nio.position(0).remaining() == size) {
                try {
                    done = direct.write(nio);
                } catch (IOException e) {
                    done = 0; // let Netty write it: it meets the same failure and closes the channel its way
                }
                if (done == size) {
                    return Outcome.WHOLE;
                }
            }
        }
        ByteBuf rest = done == 0 ? frame.retainedDuplicate() : frame.retainedSlice(frame.readerIndex() + done, size - done);
        ctx.write(rest, promise);
        ctx.flush();
        return done == 0 ? Outcome.NETTY : Outcome.PARTIAL;
    }

    private static MethodHandle find() {
        try {
            Method m = AbstractNioChannel.class.getDeclaredMethod("javaChannel");
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("fan-out writes go through Netty only: %s", e.toString());
            return null;
        }
    }

    /** The socket to write this context's channel directly, or null where only Netty may write it. */
    static SocketChannel of(ChannelHandlerContext ctx) {
        Channel ch = ctx == null ? null : ctx.channel();
        if (JAVA_CHANNEL == null || !(ch instanceof NioSocketChannel)
                || ctx.pipeline().get(SslHandler.class) != null
                || ctx.pipeline().get(AbstractTrafficShapingHandler.class) != null) {
            return null;
        }
        try {
            return (SocketChannel) JAVA_CHANNEL.invoke(ch);
        } catch (Throwable e) {
            return null;
        }
    }
}
