package dev.roomcast.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket guests on one NIO selector that join a room and then <b>never read again</b>: the
 * slow consumers of the fault tests. Each does the HTTP upgrade by hand (4 KiB receive buffer),
 * sends a masked {@code room:join}, reads until its {@code room:joined} arrives, and from then on
 * leaves everything the server sends in the kernel buffers. At most {@code parallel} joins are in
 * flight at once (a modest join rate).
 */
final class SlowSockets implements AutoCloseable {
    private static final byte[] JOINED = "\"room:joined\"".getBytes(StandardCharsets.US_ASCII);

    private final List<SocketChannel> channels = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final List<String> unanswered = new ArrayList<>();
    private int joined;

    private static final class Conn {
        final SocketChannel ch;
        final byte[] request;
        final byte[] join;
        ByteBuffer out;
        final StringBuilder seen = new StringBuilder();
        final long startedMs = System.currentTimeMillis();
        boolean upgraded;
        boolean done;

        Conn(SocketChannel ch, byte[] request, byte[] join) {
            this.ch = ch;
            this.request = request;
            this.join = join;
            this.out = ByteBuffer.wrap(request);
        }
    }

    /** Opens {@code n} sockets to {@code port}, joining {@code roomIds[i % roomIds.length]}; returns when each joined or got no answer in 60 s. */
    static SlowSockets open(int port, List<String> roomIds, int n, int parallel, long timeoutMs) {
        SlowSockets s = new SlowSockets();
        try (Selector sel = Selector.open()) {
            int started = 0;
            int inFlight = 0;
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (s.joined + s.unanswered.size() < n) {
                while (inFlight < parallel && started < n) {
                    SocketChannel ch = SocketChannel.open();
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                    ch.configureBlocking(false);
                    ch.connect(new InetSocketAddress("127.0.0.1", port));
                    String room = roomIds.get(started % roomIds.size());
                    byte[] req = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    byte[] join = maskedText("{\"type\":\"room:join\",\"roomId\":\"" + room + "\",\"username\":\"slow" + started + "\"}");
                    Conn conn = new Conn(ch, req, join);
                    s.conns.add(conn);
                    ch.register(sel, SelectionKey.OP_CONNECT, conn);
                    s.channels.add(ch);
                    started++;
                    inFlight++;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("only " + s.joined + " of " + n + " slow sockets joined in " + timeoutMs + " ms");
                }
                // a join without an answer in 60 s is given up on (and reported), not waited for forever
                for (SelectionKey k : sel.keys()) {
                    Conn c = (Conn) k.attachment();
                    if (k.isValid() && !c.done && System.currentTimeMillis() - c.startedMs > 60_000) {
                        c.done = true;
                        k.cancel();
                        s.unanswered.add(c.seen.length() > 300 ? c.seen.substring(0, 300) : c.seen.toString());
                        inFlight--;
                    }
                }
                sel.select(100);
                for (Iterator<SelectionKey> it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    if (!k.isValid() || c.done) {
                        continue;
                    }
                    if (k.isConnectable()) {
                        c.ch.finishConnect();
                        k.interestOps(SelectionKey.OP_WRITE);
                    } else if (k.isWritable()) {
                        c.ch.write(c.out);
                        if (!c.out.hasRemaining()) {
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (k.isReadable()) {
                        ByteBuffer in = ByteBuffer.allocate(8192);
                        int r = c.ch.read(in);
                        if (r < 0) {
                            throw new AssertionError("a slow socket was closed before it joined: " + c.seen);
                        }
                        c.seen.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
                        if (!c.upgraded && c.seen.indexOf("\r\n\r\n") >= 0) {
                            if (!c.seen.toString().startsWith("HTTP/1.1 101")) {
                                throw new AssertionError("upgrade refused: " + c.seen);
                            }
                            c.upgraded = true;
                            c.out = ByteBuffer.wrap(c.join);
                            k.interestOps(SelectionKey.OP_WRITE);
                        } else if (c.upgraded && c.seen.indexOf(new String(JOINED, StandardCharsets.ISO_8859_1)) >= 0) {
                            if (c.seen.indexOf("\"room:full\"") >= 0) {
                                throw new AssertionError("room full");
                            }
                            k.cancel(); // joined: never read again
                            c.done = true;
                            s.joined++;
                            inFlight--;
                        }
                    }
                }
            }
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        }
        return s;
    }

    int joined() {
        return joined;
    }

    /** What the sockets that got no room:joined within 60 s had received (upgrade answer, welcome ...). */
    List<String> unanswered() {
        return unanswered;
    }

    /** Sockets the server has closed (a read would return -1); checked without reading any data: none are read. */
    int size() {
        return channels.size();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] f = new byte[2 + 4 + payload.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, f, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            f[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return f;
    }

    @Override
    public void close() {
        for (SocketChannel ch : channels) {
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0); // RST: do not wait for the unread data
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
