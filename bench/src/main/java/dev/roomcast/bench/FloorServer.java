package dev.roomcast.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor: the least a Java process can spend pushing the same stream to the same sockets. One
 * selector thread accepts WebSocket upgrades and discards what clients send; one sender thread
 * writes one pre-built binary WebSocket frame (the same Opus packets, batched like the gateway) to
 * every socket every batch, from a direct buffer, skipping a socket whose write is partial.
 * Runs as its own process so its CPU is read from /proc like the gateway's.
 * stdin: "batch &lt;ms&gt;", "pause", "quit".  Args: port packetsFile.
 */
public final class FloorServer {
    private static final List<SocketChannel> open = new ArrayList<>();
    private static volatile SocketChannel[] snapshot = new SocketChannel[0];
    private static volatile int batchMs;
    private static volatile boolean running = true;

    private FloorServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<byte[]> packets = new ArrayList<>();
        byte[] all = Files.readAllBytes(Path.of(args[1]));
        for (int p = 0; p + 2 <= all.length; ) {
            int len = ((all[p] & 0xff) << 8) | (all[p + 1] & 0xff);
            packets.add(java.util.Arrays.copyOfRange(all, p + 2, p + 2 + len));
            p += 2 + len;
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        Selector sel = Selector.open();
        server.register(sel, SelectionKey.OP_ACCEPT);
        Thread io = new Thread(() -> ioLoop(sel), "floor-io");
        io.setDaemon(true);
        io.start();
        Thread sender = new Thread(() -> send(packets), "floor-send");
        sender.setDaemon(true);
        sender.start();
        System.out.println("READY " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "batch" -> batchMs = Integer.parseInt(w[1]);
                case "pause" -> batchMs = 0;
                case "quit" -> {
                    running = false;
                    System.exit(0);
                }
                default -> { }
            }
            System.out.println("OK " + line);
            System.out.flush();
        }
        System.exit(0);
    }

    private static void ioLoop(Selector sel) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        Map<SocketChannel, StringBuilder> hs = new HashMap<>();
        while (running) {
            try {
                sel.select(100);
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        SocketChannel ch;
                        while ((ch = ((ServerSocketChannel) k.channel()).accept()) != null) {
                            ch.configureBlocking(false);
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            ch.register(sel, SelectionKey.OP_READ);
                            hs.put(ch, new StringBuilder());
                        }
                    } else if (k.isReadable()) {
                        SocketChannel ch = (SocketChannel) k.channel();
                        buf.clear();
                        int n;
                        try {
                            n = ch.read(buf);
                        } catch (java.io.IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            k.cancel();
                            ch.close();
                            hs.remove(ch);
                            synchronized (open) {
                                open.remove(ch);
                                snapshot = open.toArray(new SocketChannel[0]);
                            }
                            continue;
                        }
                        StringBuilder sb = hs.get(ch);
                        if (sb != null) {
                            buf.flip();
                            while (buf.hasRemaining()) {
                                sb.append((char) (buf.get() & 0xff));
                            }
                            int end = sb.indexOf("\r\n\r\n");
                            if (end >= 0) {
                                String key = "";
                                for (String l : sb.substring(0, end).split("\r\n")) {
                                    if (l.toLowerCase().startsWith("sec-websocket-key:")) {
                                        key = l.substring(l.indexOf(':') + 1).trim();
                                    }
                                }
                                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                                ch.write(ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                                        .getBytes(StandardCharsets.US_ASCII)));
                                hs.remove(ch);
                                synchronized (open) {
                                    open.add(ch);
                                    snapshot = open.toArray(new SocketChannel[0]);
                                }
                            }
                        }
                    }
                }
            } catch (Exception e) {
                System.err.println("floor io: " + e);
            }
        }
    }

    private static void send(List<byte[]> packets) {
        ByteBuffer frame = ByteBuffer.allocateDirect(70_000);
        long next = System.nanoTime();
        int k = 0;
        long seq = 0;
        long partial = 0;
        while (running) {
            int b = batchMs;
            if (b <= 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                next = System.nanoTime();
                continue;
            }
            long now = System.nanoTime();
            if (now < next) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                continue;
            }
            next += b * 1_000_000L;
            if (System.nanoTime() - next > 500_000_000L) {
                next = System.nanoTime();
            }
            int n = Math.max(1, b / 20);
            int payload = 20;
            for (int i = 0; i < n; i++) {
                payload += 2 + packets.get((k + i) % packets.size()).length;
            }
            frame.clear();
            frame.put((byte) 0x82);
            if (payload < 126) {
                frame.put((byte) payload);
            } else {
                frame.put((byte) 126).putShort((short) payload);
            }
            frame.put((byte) 1).put((byte) 1).put((byte) 0).put((byte) n).putInt((int) seq)
                    .putLong(Bench.nowUs() - (n - 1) * 20_000L).putShort((short) 960).putShort((short) 0);
            for (int i = 0; i < n; i++) {
                byte[] p = packets.get((k + i) % packets.size());
                frame.putShort((short) p.length).put(p);
            }
            frame.flip();
            k += n;
            seq += n;
            for (SocketChannel ch : snapshot) {
                ByteBuffer d = frame.duplicate();
                try {
                    ch.write(d);
                } catch (java.io.IOException e) {
                    continue;
                }
                for (int spin = 0; d.hasRemaining() && spin < 1000; spin++) {
                    partial++; // keep the stream whole: finish this frame
                    try {
                        ch.write(d);
                    } catch (java.io.IOException e) {
                        break;
                    }
                }
            }
        }
    }
}
