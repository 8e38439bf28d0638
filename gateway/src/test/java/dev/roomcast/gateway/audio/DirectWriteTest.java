package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The seam of {@link DirectWrite}: the kernel's part of a frame and Netty's rest, on a real loopback socket. */
class DirectWriteTest {
    @Test
    @DisplayName("frames written whole to the kernel, in part, and through Netty reach a reader that is slower than the writer whole and in order")
    void partialWritesKeepTheStream() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        CompletableFuture<ChannelHandlerContext> accepted = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 8192)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        accepted.complete(ctx);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect((InetSocketAddress) server.localAddress(), 5000);
            ChannelHandlerContext ctx = accepted.get(5, TimeUnit.SECONDS);
            SocketChannel direct = DirectWrite.of(ctx);
            assertNotNull(direct, "NIO transport and no TLS in the pipeline: direct writes allowed");

            // on the channel's loop, as the fan-out writes: frames until the kernel took one in part, then 20 more
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            Map<DirectWrite.Outcome, Integer> outcomes = ctx.executor().submit(() -> {
                Map<DirectWrite.Outcome, Integer> n = new EnumMap<>(DirectWrite.Outcome.class);
                int partialAt = -1;
                for (int k = 0; k < 2000 && (partialAt < 0 || k <= partialAt + 20); k++) {
                    byte[] payload = new byte[3001];
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = (byte) (k * 7 + i);
                    }
                    sent.write(payload);
                    ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(payload.length).writeBytes(payload);
                    ByteBuffer nio = frame.nioBuffer(frame.readerIndex(), frame.readableBytes());
                    DirectWrite.Outcome o = DirectWrite.write(ctx, ctx.channel().unsafe().outboundBuffer(), direct, frame, nio, payload.length, ctx.voidPromise());
                    frame.release();
                    n.merge(o, 1, Integer::sum);
                    if (o == DirectWrite.Outcome.PARTIAL && partialAt < 0) {
                        partialAt = k;
                    }
                }
                return n;
            }).get(10, TimeUnit.SECONDS);

            reader.setSoTimeout(10_000);
            byte[] got = reader.getInputStream().readNBytes(sent.size());
            assertArrayEquals(sent.toByteArray(), got, "the reader gets every byte written, in order: " + outcomes);
            assertTrue(outcomes.getOrDefault(DirectWrite.Outcome.WHOLE, 0) > 0, "some went whole to the kernel: " + outcomes);
            assertTrue(outcomes.getOrDefault(DirectWrite.Outcome.PARTIAL, 0) > 0, "one went in part: " + outcomes);
            assertTrue(outcomes.getOrDefault(DirectWrite.Outcome.NETTY, 0) > 0, "and the ones after it through Netty: " + outcomes);
        } finally {
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
