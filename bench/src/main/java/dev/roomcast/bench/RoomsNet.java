package dev.roomcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.client.ClientClock;
import dev.roomcast.client.ClockSync;
import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ProtocolJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code rooms} bench's sockets: ONE NIO selector thread per instance, for many hosts or many
 * listeners (a minimal WebSocket client, as {@link WsLoadGen}). A host does what the project's client
 * ({@code client/HostClient}) does, in a state machine instead of a thread: 8 clock pings (the
 * client's {@link ClockSync} estimates the server clock), {@code room:join} with the host token,
 * {@code broadcast:start} (Opus 48 kHz stereo 128 kbps), then one binary frame per 20 ms with one
 * pre-encoded Opus packet, sequence +1 per packet, stamped with its capture time on the server clock
 * and sent when the packet is complete (capture + 20 ms), a clock ping every 5 s. The hosts' sends
 * are driven by one priority queue of due times, so R hosts cost one thread, not R loops.
 * A listener joins its room and counts, per packet, whether it arrived before its play-out time
 * (capture + D, D from {@code room:joined}).
 */
final class RoomsNet implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long PACKET_US = 20_000;

    enum Role { HOST, LISTENER }

    static final class Conn {
        final int id;
        final Role role;
        final int room;
        final String roomId;
        final String hostToken;
        SocketChannel ch;
        SelectionKey key;
        int state; // 0 connecting, 1 awaiting 101, 2 open, 3 closed
        final StringBuilder hs = new StringBuilder();
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        // frame parser
        final byte[] hdr = new byte[14];
        int hdrHave;
        int hdrNeed = 2;
        long payloadLeft = -1;
        int opcode;
        byte[] head = new byte[512];
        int headHave;
        int headWant;
        String closeReason;
        // host
        final ClockSync clock = new ClockSync();
        int pongs;
        boolean live;
        long liveNs;
        long startServerUs;
        long startNs;
        long k; // packets sent
        long nextDueNs;
        long lastPingNs;
        long windowSent;
        int packetOffset;
        // listener
        /** Asks for the low tier once joined (the first {@code bench.rooms.lowListeners} of each room). */
        boolean low;
        boolean joined;
        long joinedNs;
        long playoutDelayUs = -1;
        long firstFrameNs;
        /** When broadcast:started reached this listener (0 = not yet). */
        long startedNs;
        /** Capture time of the first packet of the first frame (server µs). */
        long firstCaptureUs;
        long onTime;
        long windowPackets;
        long late;
        long framesTotal;
        long packetsTotal;
        long maxLateUs;
        String lastError;

        Conn(int id, Role role, int room, String roomId, String hostToken) {
            this.id = id;
            this.role = role;
            this.room = room;
            this.roomId = roomId;
            this.hostToken = hostToken;
        }
    }

    private final InetSocketAddress target;
    private final Selector selector;
    private final Thread thread;
    private final List<Conn> conns = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] chunk = new byte[256 * 1024];
    private final PriorityQueue<Conn> due = new PriorityQueue<>((a, b) -> Long.compare(a.nextDueNs, b.nextDueNs));
    private final List<byte[]> packets;
    private volatile boolean running = true;
    private volatile long threadId;

    int connecting;
    int opened;
    int failed;
    /** Text messages by type (errors by code), selector thread only. */
    final Map<String, Integer> textTypes = new TreeMap<>();
    /** How late the sender was against each frame's due time (selector thread only). */
    final Hist sendLag = new Hist();
    /** capture → arrival of every packet in the window, listeners (selector thread only). */
    final Hist latency = new Hist();
    long stalledWrites;
    volatile boolean recording;
    volatile long windowStartUs;
    volatile long windowEndUs;
    volatile boolean sending = true;

    RoomsNet(InetSocketAddress target, List<byte[]> packets, String name) throws IOException {
        this.target = target;
        this.packets = packets;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    long cpuNs() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    }

    <T> T call(Function<RoomsNet, T> fn) {
        Object[] out = new Object[1];
        RuntimeException[] err = new RuntimeException[1];
        CountDownLatch done = new CountDownLatch(1);
        commands.add(() -> {
            try {
                out[0] = fn.apply(this);
            } catch (RuntimeException e) {
                err[0] = e;
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("rooms net did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (err[0] != null) {
            throw err[0];
        }
        @SuppressWarnings("unchecked") T t = (T) out[0];
        return t;
    }

    /**
     * Listeners per room that ask for the low tier ({@code bench.rooms.lowListeners}, default 0:
     * everyone on the host's tier, as rooms of friends on good links are), so the relay re-encodes
     * for those rooms (tiers on demand).
     */
    static final int LOW_LISTENERS = Integer.getInteger("bench.rooms.lowListeners", 0);
    /** Selector thread: listeners opened per room so far. */
    private final java.util.Map<String, Integer> listenersOfRoom = new java.util.HashMap<>();

    List<Conn> conns() {
        return conns;
    }

    /** Selector thread: opens one socket for this role and room. */
    void connect(Role role, int room, String roomId, String hostToken) {
        Conn c = new Conn(conns.size(), role, room, roomId, hostToken);
        c.packetOffset = (room * 37) % packets.size();
        if (role == Role.LISTENER) {
            c.low = listenersOfRoom.merge(roomId, 1, Integer::sum) <= LOW_LISTENERS; // by id: one RoomsNet serves every R
        }
        conns.add(c);
        try {
            c.ch = SocketChannel.open();
            c.ch.configureBlocking(false);
            c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
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

    /**
     * Opens one socket per (room, …) item at about perSecond, at most maxPending handshakes at a
     * time; returns when all are open or failed, or the time is out.
     */
    void openAll(Role role, List<String[]> rooms, int perRoom, double perSecond, int maxPending, long timeoutMs) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutMs * 1_000_000L;
        int n = rooms.size() * perRoom;
        int launched = 0;
        int base = call(g -> g.opened + g.failed);
        while (launched < n && System.nanoTime() < deadline) {
            long dueNs = (long) (launched * 1e9 / perSecond);
            long now = System.nanoTime() - t0;
            if (now < dueNs) {
                Bench.sleep(Math.max(1, (dueNs - now) / 1_000_000));
                continue;
            }
            if (call(g -> g.connecting) >= maxPending) {
                Bench.sleep(5);
                continue;
            }
            int burst = Math.min(n - launched, 10);
            int from = launched;
            call(g -> {
                for (int i = from; i < from + burst; i++) {
                    String[] r = rooms.get(i / perRoom);
                    g.connect(role, i / perRoom, r[0], role == Role.HOST ? r[1] : null);
                }
                return null;
            });
            launched += burst;
        }
        final int all = launched;
        while (System.nanoTime() < deadline && call(g -> g.opened + g.failed) - base < all) {
            Bench.sleep(50);
        }
    }

    private void sendHandshake(Conn c) throws IOException {
        String req = "GET /ws HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        write(c, ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
        c.state = 1;
    }

    private void sendText(Conn c, ClientMessage m) throws IOException {
        byte[] p = ProtocolJson.encode(m).getBytes(StandardCharsets.UTF_8);
        write(c, ByteBuffer.wrap(WsLoadGen.frame(0x1, p, p.length)));
    }

    /** Non-blocking: what the socket does not take now waits in the connection's queue (OP_WRITE). */
    private void write(Conn c, ByteBuffer b) throws IOException {
        if (c.pending.isEmpty()) {
            c.ch.write(b);
            if (!b.hasRemaining()) {
                return;
            }
            stalledWrites++;
            c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
        }
        c.pending.add(b);
        if (c.pending.size() > 500) {
            fail(c, "send queue over 500 messages");
        }
    }

    private void flush(Conn c) throws IOException {
        while (!c.pending.isEmpty()) {
            ByteBuffer b = c.pending.peek();
            c.ch.write(b);
            if (b.hasRemaining()) {
                return;
            }
            c.pending.poll();
        }
        c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    private void fail(Conn c, String why) {
        if (c.state == 0 || c.state == 1) {
            connecting--;
            failed++;
        }
        if (c.state != 3) {
            c.closeReason = why;
        }
        c.state = 3;
        c.live = false;
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
                long waitMs = 100;
                Conn next = due.peek();
                if (next != null && sending) {
                    long d = next.nextDueNs - System.nanoTime();
                    waitMs = Math.max(0, Math.min(100, d / 1_000_000));
                }
                if (waitMs == 0) {
                    selector.selectNow();
                } else {
                    selector.select(waitMs);
                }
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
                            continue;
                        }
                        if (k.isWritable()) {
                            flush(c);
                        }
                        if (k.isValid() && k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, e.getMessage());
                    }
                }
                sendDue();
            } catch (IOException e) {
                System.err.println("[bench] rooms net: " + e);
            } catch (RuntimeException e) {
                System.err.println("[bench] rooms net: " + e);
                e.printStackTrace();
            }
        }
    }

    /** Every host whose next packet is complete now sends it (the hosts' one sender). */
    private void sendDue() {
        if (!sending) {
            return;
        }
        long now = System.nanoTime();
        Conn c;
        while ((c = due.peek()) != null && c.nextDueNs <= now) {
            due.poll();
            if (c.state != 2 || !c.live) {
                continue;
            }
            sendLag.add((now - c.nextDueNs) / 1000);
            long captureUs = c.startServerUs + c.k * PACKET_US;
            byte[] packet = packets.get((int) ((c.k + c.packetOffset) % packets.size()));
            int flags = c.k == 0 ? AudioFrame.FLAG_DISCONTINUITY : 0;
            byte[] f = new AudioFrame(Codec.OPUS, Tier.HIGH, c.k & 0xffffffffL, captureUs, 960, flags, List.of(packet)).encode();
            try {
                write(c, ByteBuffer.wrap(WsLoadGen.frame(0x2, f, f.length)));
                if (now - c.lastPingNs > 5_000_000_000L) {
                    c.lastPingNs = now;
                    sendText(c, new ClientMessage.ClockPing(0, ClientClock.nowUs()));
                }
            } catch (IOException e) {
                fail(c, "send: " + e.getMessage());
                continue;
            }
            long ws = windowStartUs;
            long we = windowEndUs;
            if (captureUs >= ws && captureUs < we) {
                c.windowSent++;
            }
            c.k++;
            c.nextDueNs = c.startNs + (c.k + 1) * PACKET_US * 1000;
            due.add(c);
            now = System.nanoTime();
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
                connecting--;
                opened++;
            }
            parse(c, chunk, pos, n);
            if (c.state == 3) {
                return;
            }
        }
    }

    private void parse(Conn c, byte[] b, int pos, int end) throws IOException {
        while (pos < end && c.state != 3) {
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
                    // audio: the 20-byte header; text: whole (room:joined may be a few KiB); control: ≤ 125
                    c.headWant = (int) Math.min(len, c.opcode == 0x2 ? 20 : c.opcode == 0x1 ? 65536 : 125);
                    if (c.head.length < c.headWant) {
                        c.head = new byte[c.headWant];
                    }
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
            case 0x9 -> write(c, ByteBuffer.wrap(WsLoadGen.frame(0xA, c.head, c.headHave)));
            case 0x8 -> fail(c, c.headHave > 2 ? "close: " + new String(c.head, 2, c.headHave - 2, StandardCharsets.UTF_8) : "close");
            case 0x1 -> onText(c);
            default -> { }
        }
    }

    private void onText(Conn c) throws IOException {
        long t3 = ClientClock.nowUs();
        JsonNode m;
        try {
            m = JSON.readTree(new String(c.head, 0, c.headHave, StandardCharsets.UTF_8));
        } catch (IOException e) {
            textTypes.merge("unreadable", 1, Integer::sum);
            return;
        }
        String type = m.path("type").asText("?");
        String key = type.startsWith("error") || type.equals("broadcast:error") ? type + ":" + m.path("code").asText() : type;
        textTypes.merge(c.role.name().toLowerCase() + " " + key, 1, Integer::sum);
        if (type.startsWith("error") || type.equals("broadcast:error")) {
            c.lastError = m.toString();
        }
        if (c.role == Role.HOST) {
            switch (type) {
                case "server:welcome" -> {
                    for (int i = 1; i <= 8; i++) {
                        sendText(c, new ClientMessage.ClockPing(i, ClientClock.nowUs()));
                    }
                }
                case "clock:pong" -> {
                    c.clock.add(m.path("t0").asLong(), m.path("t1").asLong(), m.path("t2").asLong(), t3);
                    if (++c.pongs == 8) {
                        sendText(c, new ClientMessage.RoomJoin(c.roomId, "host" + c.room, c.hostToken, null, null));
                    }
                }
                case "room:joined" -> sendText(c, new ClientMessage.BroadcastStart(c.roomId, new AudioConfig(Codec.OPUS, 48_000, 2, 128_000)));
                case "broadcast:started" -> {
                    if (!c.live) {
                        c.live = true;
                        c.liveNs = System.nanoTime();
                        c.startNs = c.liveNs;
                        c.startServerUs = c.clock.toServerUs(ClientClock.nowUs());
                        c.lastPingNs = c.liveNs;
                        c.nextDueNs = c.startNs + PACKET_US * 1000;
                        due.add(c);
                    }
                }
                default -> { }
            }
        } else {
            switch (type) {
                case "server:welcome" -> sendText(c, new ClientMessage.RoomJoin(c.roomId, "l" + c.id, null, null, null));
                case "room:joined" -> {
                    if (c.low) {
                        sendText(c, new ClientMessage.QualityRequest("low"));
                    }
                    c.joined = true;
                    c.joinedNs = System.nanoTime();
                    c.playoutDelayUs = m.path("playoutDelayMs").asLong(-1) * 1000;
                }
                case "room:settings", "broadcast:started" -> {
                    if (type.equals("broadcast:started") && c.startedNs == 0) {
                        c.startedNs = System.nanoTime();
                    }
                    if (m.has("playoutDelayMs")) {
                        c.playoutDelayUs = m.path("playoutDelayMs").asLong() * 1000;
                    }
                }
                default -> { }
            }
        }
    }

    private void onAudio(Conn c) {
        if (c.headHave < 20 || c.role != Role.LISTENER) {
            return;
        }
        long now = System.nanoTime();
        long nowUs = Bench.nowUs(); // one machine: the bench's wall clock is the services' server clock
        int n = c.head[3] & 0xff;
        long cap = 0;
        for (int i = 8; i < 16; i++) {
            cap = (cap << 8) | (c.head[i] & 0xff);
        }
        c.framesTotal++;
        c.packetsTotal += n;
        if (c.firstFrameNs == 0) {
            c.firstFrameNs = now;
            c.firstCaptureUs = cap;
        }
        long ws = windowStartUs;
        long we = windowEndUs;
        long d = c.playoutDelayUs;
        for (int i = 0; i < n; i++) {
            long t = cap + i * PACKET_US;
            if (t >= ws && t < we) {
                c.windowPackets++;
                latency.add(nowUs - t);
                long lateUs = nowUs - (t + d);
                if (d >= 0 && lateUs <= 0) {
                    c.onTime++;
                } else {
                    c.late++;
                    c.maxLateUs = Math.max(c.maxLateUs, lateUs);
                }
            }
        }
    }

    /** Selector thread: the hosts stop sending (before their rooms are deleted). */
    void stopHosts() {
        for (Conn c : conns) {
            c.live = false;
        }
        due.clear();
    }

    /** Closes every socket and forgets them (the counters too). */
    void closeAll() {
        call(g -> {
            for (Conn c : g.conns) {
                if (c.state != 3) {
                    g.fail(c, "bench end");
                }
            }
            g.conns.clear();
            g.due.clear();
            g.textTypes.clear();
            g.connecting = 0;
            g.opened = 0;
            g.failed = 0;
            return null;
        });
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
}
