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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Icecast's listeners, the same kind of harness as {@link WsLoadGen}: ONE NIO selector thread in the
 * bench JVM that opens plain HTTP GETs of the mount, checks the 200, then reads the Ogg stream and
 * parses it only as far as the page headers (27 bytes + segment table) to count pages and Opus
 * payload bytes per listener; everything else is discarded.
 */
final class IcecastListeners implements AutoCloseable {
    static final class Conn {
        SocketChannel ch;
        int state; // 0 connecting, 1 awaiting the response header, 2 streaming, 3 closed
        final StringBuilder hs = new StringBuilder();
        String closeReason;
        // Ogg page parser
        final byte[] hdr = new byte[27 + 255];
        int hdrHave;
        int hdrNeed = 27;
        long bodyLeft = -1; // -1: reading a page header
        boolean oggError;
        // counts
        long bytes;
        long pages;
        long windowBytes;
        long windowBodyBytes;
        long windowPages;
    }

    /** One window's result, per listener open at its end. */
    record Window(double seconds, int open, int receiving, int closedDuring, int oggErrors, double[] bodyBytesPerSecond,
                  double[] pagesPerSecond) {}

    private final InetSocketAddress target;
    private final String path;
    private final Selector selector;
    private final Thread thread;
    private final List<Conn> conns = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] chunk = new byte[256 * 1024];
    private volatile boolean running = true;
    private volatile long threadId;
    private boolean recording;
    private long windowStartNs;
    private int opened;
    private int failed;
    private int connecting;
    private int closedDuringWindow;

    IcecastListeners(InetSocketAddress target, String path) throws IOException {
        this.target = target;
        this.path = path;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "icecast-loadgen");
        thread.setDaemon(true);
        thread.start();
    }

    /** Thread CPU of the selector thread so far, ns. */
    long cpuNs() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    }

    <T> T call(Function<IcecastListeners, T> fn) {
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
                throw new IllegalStateException("icecast load generator did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        @SuppressWarnings("unchecked") T t = (T) out[0];
        return t;
    }

    /**
     * Opens n more listeners at about perSecond, at most maxPending at a time (Icecast 2.4 listens with a
     * backlog of 5, ICECAST_LISTEN_QUEUE: more connections in flight overflow it, and a dropped one
     * hangs for a minute before a reset); returns how many got a 200.
     */
    int open(int n, double perSecond, int maxPending, long timeoutMs) {
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
            final int left = n - launched;
            int burst = call(g -> {
                int k = Math.min(left, Math.min(20, maxPending - g.connecting));
                for (int i = 0; i < k; i++) {
                    g.connect();
                }
                return Math.max(0, k);
            });
            if (burst == 0) {
                Bench.sleep(1);
                continue;
            }
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

    int openCount() {
        return call(g -> (int) g.conns.stream().filter(c -> c.state == 2).count());
    }

    /** Reasons of listeners that failed or were closed by Icecast, counted. */
    String closeReasons() {
        return call(g -> {
            java.util.Map<String, Integer> m = new java.util.TreeMap<>();
            for (Conn c : g.conns) {
                if (c.state == 3) {
                    m.merge(String.valueOf(c.closeReason), 1, Integer::sum);
                }
            }
            return m.toString();
        });
    }

    void startWindow() {
        call(g -> {
            for (Conn c : g.conns) {
                c.windowBytes = 0;
                c.windowBodyBytes = 0;
                c.windowPages = 0;
            }
            g.closedDuringWindow = 0;
            g.windowStartNs = System.nanoTime();
            g.recording = true;
            return null;
        });
    }

    Window endWindow() {
        return call(g -> {
            g.recording = false;
            double secs = (System.nanoTime() - g.windowStartNs) / 1e9;
            List<Conn> open = g.conns.stream().filter(c -> c.state == 2).toList();
            double[] rate = open.stream().mapToDouble(c -> c.windowBodyBytes / secs).sorted().toArray();
            double[] pages = open.stream().mapToDouble(c -> c.windowPages / secs).sorted().toArray();
            int receiving = (int) open.stream().filter(c -> c.windowBodyBytes > 0).count();
            int oggErrors = (int) g.conns.stream().filter(c -> c.oggError).count();
            return new Window(secs, open.size(), receiving, g.closedDuringWindow, oggErrors, rate, pages);
        });
    }

    /** Closes every listener (Icecast then has none until the next window). */
    void closeAll() {
        call(g -> {
            for (Conn c : g.conns) {
                if (c.state != 3) {
                    g.fail(c, "closed by bench");
                }
            }
            g.conns.clear();
            return null;
        });
    }

    private void connect() {
        Conn c = new Conn();
        conns.add(c);
        try {
            c.ch = SocketChannel.open();
            c.ch.configureBlocking(false);
            c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connecting++;
            if (c.ch.connect(target)) {
                c.ch.register(selector, SelectionKey.OP_READ, c);
                sendRequest(c);
            } else {
                c.ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, "connect: " + e.getMessage());
        }
    }

    private void sendRequest(Conn c) throws IOException {
        String req = "GET " + path + " HTTP/1.0\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\nUser-Agent: roomcast-bench\r\nAccept: */*\r\n\r\n";
        ByteBuffer bb = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
        for (int spins = 0; bb.hasRemaining() && spins < 1000; spins++) {
            c.ch.write(bb);
        }
        if (bb.hasRemaining()) {
            throw new IOException("request write stalled");
        }
        c.state = 1;
    }

    private void fail(Conn c, String why) {
        if (c.state == 0 || c.state == 1) {
            connecting--;
            failed++;
        } else if (c.state == 2 && recording) {
            closedDuringWindow++;
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
                                sendRequest(c);
                            }
                        } else if (k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, e.getMessage());
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("[bench] icecast load generator: " + e);
            }
        }
    }

    private void read(Conn c) throws IOException {
        for (int rounds = 0; rounds < 4; rounds++) {
            buf.clear();
            int n = c.ch.read(buf);
            if (n < 0) {
                fail(c, c.state == 1 ? "eof before the response: " + c.hs : "eof");
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
                        fail(c, "bad response");
                        return;
                    }
                    continue;
                }
                String status = c.hs.toString().lines().findFirst().orElse("?");
                if (!status.matches("HTTP/1\\.[01] 200.*")) {
                    fail(c, "refused: " + status);
                    return;
                }
                c.state = 2;
                connecting--;
                opened++;
            }
            int body = n - pos;
            c.bytes += body;
            if (recording) {
                c.windowBytes += body;
            }
            parse(c, chunk, pos, n);
        }
    }

    /** Ogg pages: "OggS", version, flags, granule(8), serial(4), seq(4), crc(4), segments(1), lacing table, body. */
    private void parse(Conn c, byte[] b, int pos, int end) {
        if (c.oggError) {
            return;
        }
        while (pos < end) {
            if (c.bodyLeft < 0) {
                int take = Math.min(c.hdrNeed - c.hdrHave, end - pos);
                System.arraycopy(b, pos, c.hdr, c.hdrHave, take);
                c.hdrHave += take;
                pos += take;
                if (c.hdrHave < c.hdrNeed) {
                    return;
                }
                if (c.hdrNeed == 27) {
                    if (c.hdr[0] != 'O' || c.hdr[1] != 'g' || c.hdr[2] != 'g' || c.hdr[3] != 'S') {
                        c.oggError = true;
                        return;
                    }
                    int segs = c.hdr[26] & 0xff;
                    if (segs > 0) {
                        c.hdrNeed = 27 + segs;
                        continue;
                    }
                }
                long len = 0;
                for (int i = 27; i < c.hdrNeed; i++) {
                    len += c.hdr[i] & 0xff;
                }
                c.hdrHave = 0;
                c.hdrNeed = 27;
                c.bodyLeft = len;
                if (len == 0) {
                    endPage(c);
                }
                continue;
            }
            int take = (int) Math.min(c.bodyLeft, end - pos);
            if (recording) {
                c.windowBodyBytes += take;
            }
            pos += take;
            c.bodyLeft -= take;
            if (c.bodyLeft == 0) {
                endPage(c);
            }
        }
    }

    private void endPage(Conn c) {
        c.bodyLeft = -1;
        c.pages++;
        if (recording) {
            c.windowPages++;
        }
    }

    static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    static double min(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    @Override
    public void close() {
        closeAll();
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException | IOException ignored) {
            // ending
        }
    }

    @Override
    public String toString() {
        return "IcecastListeners" + Arrays.asList(target, path);
    }
}
