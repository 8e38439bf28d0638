package dev.roomcast.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The load generator: ONE NIO selector thread that opens WebSocket connections (a minimal client
 * handshake written here), optionally sends {@code room:join}, answers pings, and reads and
 * discards everything else. Binary frames are parsed only as far as the audio header: packet count,
 * tier and the first packet's capture time (server clock µs) give per-listener packet counts and
 * capture → receipt latency.
 */
final class WsLoadGen implements AutoCloseable {
    static final class Conn {
        final int id;
        SocketChannel ch;
        SelectionKey key;
        int state; // 0 connecting, 1 awaiting 101, 2 open, 3 closed
        final StringBuilder hs = new StringBuilder();
        byte[] joinFrame;
        // frame parser
        final byte[] hdr = new byte[14];
        int hdrHave;
        int hdrNeed = 2;
        long payloadLeft = -1; // -1: reading a header
        int opcode;
        final byte[] head = new byte[4096]; // a text message's first 4 KiB (reactions:update counts), an audio header
        int headHave;
        int headWant;
        // measurements
        long connectStartNs;
        long openNs;
        long firstFrameNs;
        /** When room:joined arrived (0 = not yet). */
        long joinedNs;
        long firstBehindUs = Long.MIN_VALUE;
        long frames;
        long packets;
        long windowPackets;
        long downgradedFrames;
        long lateFrames;
        /** reactions:update messages received, and the reactions they counted (reset per window by the bench). */
        long reactionUpdates;
        long reactionsCounted;
        String closeReason;
        boolean joined;
        boolean joinRefused;

        Conn(int id) {
            this.id = id;
        }
    }

    private final InetSocketAddress target;
    private final Selector selector;
    private final Thread thread;
    private final List<Conn> conns = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] chunk = new byte[256 * 1024];
    private volatile boolean running = true;

    // measurement state (selector thread writes; read after a window via snapshot command)
    final Hist latency = new Hist();
    volatile boolean recording;
    volatile long windowStartUs;
    volatile long windowEndUs;
    volatile long lateThresholdUs = Long.MAX_VALUE;
    volatile long threadId;

    private final String[] sources;
    private int opened;
    private int failed;
    private int connecting;

    WsLoadGen(InetSocketAddress target, String... sources) throws IOException {
        this.target = target;
        this.sources = sources.length == 0 ? new String[] {null} : sources;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "ws-loadgen");
        thread.setDaemon(true);
        thread.start();
    }

    /** Thread CPU of the selector thread so far, ns. */
    long cpuNs() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    }

    /** Runs fn on the selector thread and returns its result. */
    <T> T call(Function<WsLoadGen, T> fn) {
        Object[] out = new Object[1];
        CountDownLatch done = new CountDownLatch(1);
        commands.add(() -> {
            try {
                out[0] = fn.apply(this);
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        try {
            if (!done.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("load generator did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        @SuppressWarnings("unchecked") T t = (T) out[0];
        return t;
    }

    List<Conn> conns() {
        return conns;
    }

    /**
     * Opens n more connections at about perSecond, at most maxPending handshakes at a time; each sends
     * the text frame joinJson(id) once open (null = idle connection). Waits until all are open or
     * failed, or the time runs out. Returns how many opened.
     */
    int open(int n, double perSecond, int maxPending, Function<Integer, String> joinJson, long timeoutMs) {
        long t0 = System.nanoTime();
        int startOpened = call(g -> g.opened);
        int startFailed = call(g -> g.failed);
        int launched = 0;
        long deadline = t0 + timeoutMs * 1_000_000L;
        while (launched < n && System.nanoTime() < deadline) {
            long due = (long) (launched * 1e9 / perSecond);
            long now = System.nanoTime() - t0;
            if (now < due) {
                Bench.sleep(Math.max(1, (due - now) / 1_000_000));
                continue;
            }
            if (call(g -> g.connecting) >= maxPending) {
                Bench.sleep(2);
                continue;
            }
            int burst = Math.min(n - launched, 20);
            final int from = launched;
            call(g -> {
                for (int i = 0; i < burst; i++) {
                    g.connect(joinJson, from + i);
                }
                return null;
            });
            launched += burst;
        }
        while (System.nanoTime() < deadline) {
            int o = call(g -> g.opened) - startOpened;
            int f = call(g -> g.failed) - startFailed;
            if (o + f >= launched) {
                break;
            }
            Bench.sleep(50);
        }
        return call(g -> g.opened) - startOpened;
    }

    private void connect(Function<Integer, String> joinJson, int seq) {
        Conn c = new Conn(conns.size());
        conns.add(c);
        try {
            c.ch = SocketChannel.open();
            c.ch.configureBlocking(false);
            c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            String src = sources[c.id % sources.length];
            if (src != null) {
                c.ch.bind(new InetSocketAddress(src, 0));
            }
            c.connectStartNs = System.nanoTime();
            String j = joinJson == null ? null : joinJson.apply(seq);
            c.joinFrame = j == null ? null : textFrame(j);
            connecting++;
            if (c.ch.connect(target)) {
                c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
                sendHandshake(c);
            } else {
                c.key = c.ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, "connect: " + e.getMessage());
        }
    }

    private void sendHandshake(Conn c) throws IOException {
        String req = "GET /ws HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        writeFully(c, req.getBytes(StandardCharsets.US_ASCII));
        c.state = 1;
    }

    /** Client frames must be masked: a zero mask key leaves the payload as is. */
    static byte[] textFrame(String s) {
        return frame(0x1, s.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_8).length);
    }

    static byte[] frame(int opcode, byte[] p, int len) {
        int hl = len < 126 ? 2 : 4;
        byte[] f = new byte[hl + 4 + len];
        f[0] = (byte) (0x80 | opcode);
        if (len < 126) {
            f[1] = (byte) (0x80 | len);
        } else {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >> 8);
            f[3] = (byte) len;
        }
        System.arraycopy(p, 0, f, hl + 4, len);
        return f;
    }

    private void writeFully(Conn c, byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        int spins = 0;
        while (bb.hasRemaining() && spins++ < 1000) {
            c.ch.write(bb);
        }
        if (bb.hasRemaining()) {
            throw new IOException("socket write stalled");
        }
    }

    private void fail(Conn c, String why) {
        if (c.state == 0 || c.state == 1) {
            connecting--;
            failed++;
        }
        c.state = 3;
        c.closeReason = why;
        try {
            if (c.ch != null) {
                c.ch.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    private void loop() {
        threadId = Thread.currentThread().getId();
        while (running) {
            try {
                selector.select(100);
                Runnable r;
                while ((r = commands.poll()) != null) {
                    r.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    if (!k.isValid()) {
                        continue;
                    }
                    try {
                        if (k.isConnectable()) {
                            if (c.ch.finishConnect()) {
                                k.interestOps(SelectionKey.OP_READ);
                                sendHandshake(c);
                            }
                        } else if (k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, e.getMessage());
                    }
                }
            } catch (IOException e) {
                System.err.println("[bench] load generator: " + e);
            } catch (RuntimeException e) {
                System.err.println("[bench] load generator: " + e);
                e.printStackTrace();
            }
        }
    }

    private void read(Conn c) throws IOException {
        for (int rounds = 0; rounds < 4; rounds++) {
            buf.clear();
            int n = c.ch.read(buf);
            if (n < 0) {
                fail(c, c.closeReason == null ? "eof" : c.closeReason);
                return;
            }
            if (n == 0) {
                return;
            }
            buf.flip();
            buf.get(chunk, 0, n);
            int pos = 0;
            if (c.state == 1) {
                pos = HttpHead.append(c.hs, chunk, 0, n);
                if (pos < 0) {
                    if (c.hs.length() > HttpHead.MAX) {
                        fail(c, "bad handshake");
                    }
                    continue;
                }
                String status = c.hs.toString();
                if (!status.startsWith("HTTP/1.1 101")) {
                    fail(c, "refused: " + status.lines().findFirst().orElse("?"));
                    return;
                }
                c.state = 2;
                c.openNs = System.nanoTime();
                connecting--;
                opened++;
                if (c.joinFrame != null) {
                    writeFully(c, c.joinFrame);
                }
            }
            parse(c, chunk, pos, n);
        }
    }

    private void parse(Conn c, byte[] b, int pos, int end) throws IOException {
        while (pos < end) {
            if (c.payloadLeft < 0) {
                c.hdr[c.hdrHave++] = b[pos++];
                if (c.hdrHave == 2) {
                    int len7 = c.hdr[1] & 0x7f;
                    c.hdrNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((c.hdr[1] & 0x80) != 0 ? 4 : 0);
                }
                if (c.hdrHave >= 2 && c.hdrHave == c.hdrNeed) {
                    int len7 = c.hdr[1] & 0x7f;
                    long len = len7;
                    if (len7 == 126) {
                        len = ((c.hdr[2] & 0xff) << 8) | (c.hdr[3] & 0xff);
                    } else if (len7 == 127) {
                        len = 0;
                        for (int i = 2; i < 10; i++) {
                            len = (len << 8) | (c.hdr[i] & 0xff);
                        }
                    }
                    c.opcode = c.hdr[0] & 0x0f;
                    c.payloadLeft = len;
                    c.headHave = 0;
                    c.headWant = (int) Math.min(len, c.opcode == 0x2 ? 20 : c.opcode >= 0x8 ? 125 : c.opcode == 0x1 ? 4096 : 0);
                    c.hdrHave = 0;
                    c.hdrNeed = 2;
                    if (len == 0) {
                        endFrame(c);
                    }
                }
                continue;
            }
            int take = (int) Math.min(c.payloadLeft, end - pos);
            if (c.headHave < c.headWant) {
                int h = Math.min(take, c.headWant - c.headHave);
                System.arraycopy(b, pos, c.head, c.headHave, h);
                c.headHave += h;
            }
            pos += take;
            c.payloadLeft -= take;
            if (c.payloadLeft == 0) {
                endFrame(c);
            }
        }
    }

    private void endFrame(Conn c) throws IOException {
        c.payloadLeft = -1;
        switch (c.opcode) {
            case 0x2 -> onAudio(c);
            case 0x9 -> writeFully(c, frame(0xA, c.head, c.headHave));
            case 0x8 -> {
                c.closeReason = c.headHave > 2 ? new String(c.head, 2, c.headHave - 2, StandardCharsets.UTF_8) : "close";
                fail(c, c.closeReason);
            }
            case 0x1 -> onText(c);
            default -> { }
        }
    }

    /** Count of text messages by type (and error code), selector thread only; read through call(). */
    final java.util.Map<String, Integer> textTypes = new java.util.TreeMap<>();
    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("\"count\":(\\d+)");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("\"code\":\"([^\"]+)\"");

    private void onText(Conn c) {
        String t = new String(c.head, 0, c.headHave, StandardCharsets.UTF_8);
        var m = TYPE.matcher(t);
        String k = m.find() ? m.group(1) : "?";
        var mc = CODE.matcher(t);
        if (k.startsWith("error") && mc.find()) {
            k += ":" + mc.group(1);
        }
        textTypes.merge(k, 1, Integer::sum);
        if ("reactions:update".equals(k)) {
            c.reactionUpdates++;
            var counts = COUNT.matcher(t);
            while (counts.find()) {
                c.reactionsCounted += Long.parseLong(counts.group(1));
            }
        } else if ("room:joined".equals(k)) {
            c.joined = true;
            if (c.joinedNs == 0) {
                c.joinedNs = System.nanoTime();
            }
        } else if (k.startsWith("error") && !c.joined && c.joinFrame != null) {
            c.joinRefused = true;
        }
    }

    /**
     * Selector thread (through call()): sends {@code text} on the open, joined connection {@code index}
     * (counted among those); false if there is none or it failed.
     */
    boolean sendText(int index, String text) {
        Conn c = index < conns.size() ? conns.get(index) : null;
        if (c == null || c.state != 2 || !c.joined) {
            return false;
        }
        try {
            writeFully(c, textFrame(text));
            return true;
        } catch (IOException e) {
            fail(c, "send: " + e);
            return false;
        }
    }

    /** Selector thread (through call()): resends room:join on up to max sockets whose join was refused. */
    int rejoin(int max) {
        int n = 0;
        for (Conn c : conns()) {
            if (n >= max) {
                break;
            }
            if (c.state == 2 && c.joinRefused && !c.joined) {
                c.joinRefused = false;
                try {
                    writeFully(c, c.joinFrame);
                    n++;
                } catch (IOException e) {
                    fail(c, "rejoin: " + e);
                }
            }
        }
        return n;
    }

    int joinedCount() {
        return (int) conns().stream().filter(c -> c.joined).count();
    }

    private void onAudio(Conn c) {
        if (c.headHave < 16) {
            return;
        }
        long now = System.nanoTime();
        long nowUs = Bench.nowUs();
        int tier = c.head[2] & 0xff;
        int n = c.head[3] & 0xff;
        long cap = 0;
        for (int i = 8; i < 16; i++) {
            cap = (cap << 8) | (c.head[i] & 0xff);
        }
        c.frames++;
        c.packets += n;
        if (c.firstFrameNs == 0) {
            c.firstFrameNs = now;
            c.firstBehindUs = nowUs - cap;
        }
        if (tier != 0) {
            c.downgradedFrames++;
        }
        if (recording) {
            latency.add(nowUs - cap);
            // the last packet of a batch is played latest, so the first one decides lateness
            if (nowUs - cap > lateThresholdUs) {
                c.lateFrames++;
            }
            long ws = windowStartUs;
            long we = windowEndUs;
            for (int i = 0; i < n; i++) {
                long t = cap + i * 20_000L;
                if (t >= ws && t < we) {
                    c.windowPackets++;
                }
            }
        } else if (windowEndUs > 0) {
            long ws = windowStartUs;
            long we = windowEndUs;
            for (int i = 0; i < n; i++) {
                long t = cap + i * 20_000L;
                if (t >= ws && t < we) {
                    c.windowPackets++;
                }
            }
        }
    }

    /** Closes n open connections (the newest first). */
    void closeSome(int n) {
        call(g -> {
            int closed = 0;
            for (int i = g.conns.size() - 1; i >= 0 && closed < n; i--) {
                Conn c = g.conns.get(i);
                if (c.state == 2) {
                    g.fail(c, "closed by bench");
                    closed++;
                }
            }
            g.conns.removeIf(c -> c.state == 3);
            return null;
        });
    }

    int openCount() {
        return call(g -> (int) g.conns.stream().filter(c -> c.state == 2).count());
    }

    @Override
    public void close() {
        call(g -> {
            for (Conn c : g.conns) {
                if (c.state != 3) {
                    g.fail(c, "bench end");
                }
            }
            g.conns.clear();
            return null;
        });
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException | IOException ignored) {
            // ending
        }
    }
}
