package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.session.RawSocket;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.message.ClientMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A guest socket in a room on this node, as the fan-out sees it: its tier ladder, the bytes
 * written to it that its socket has not flushed yet, and its last stats report. The ladder and
 * the counters are the consumer thread's; in-flight is lowered from the socket's event loop when
 * a write completes; the report comes from the socket's event loop.
 */
final class Listener {
    final Session session;
    final String roomId;
    final TierLadder ladder;
    final AtomicInteger inFlight = new AtomicInteger();
    /** The lane it is in now (consumer thread). */
    TierLane lane;
    volatile Tier tier;
    volatile ClientMessage.StatsReport report;
    volatile long reportedAt;
    volatile long sentBatches;
    volatile long skippedBatches;
    volatile int maxInFlight;
    /** Over its bound at the last batch (consumer thread). */
    boolean skipping;
    /** Reports that said this guest hears the room late (written by its event loop only). */
    volatile int behindReports;
    /** {@link #behindReports} as the consumer thread last saw it. */
    int behindSeen;
    /** The underrun count of the previous report (event loop; -1 before the first). */
    private int lastUnderruns = -1;
    /** Behind-looking reports in a row (event loop). */
    private int behindStreak;
    private final long createdAtMs = System.currentTimeMillis();
    private final RoomLocal room;

    /** The socket under the connection, written directly (null: through the connection's API). */
    private final WebSocketBase socket;
    /** Its Netty context, for ready-made frames ({@link EncodedFanout}); null: Vert.x writes only. */
    private final ChannelHandlerContext ctx;
    /** Completes writes without a future and without raising failures (a closed socket is removed by its session). */
    private final VoidChannelPromise quiet;
    /** Bytes of ready-made frames handed to the event loop and not yet written to the channel. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Its kernel socket, for frames written past Netty when Netty holds nothing for it ({@link DirectWrite}); null: Netty only. */
    private final SocketChannel direct;
    /**
     * The channel's outbound buffer, looked up once: Netty keeps one per channel for its life (and
     * only drops its own reference at close). Looked up per batch ({@code unsafe().outboundBuffer()},
     * a cast to an interface) from the room-audio thread and every event loop, that lookup held a
     * third of the room-audio thread's Java samples at 4,000 listeners; the whole process moved
     * less than the bench's noise (docs/BENCHMARKS.md, "Profile of the gateway at 4,000").
     */
    private final ChannelOutboundBuffer outbound;
    /** Frames the kernel took whole from a direct write, and direct writes it took only part of (event loop writes; for tests and state). */
    volatile long directWrites;
    volatile long partialWrites;

    Listener(Session session, RoomLocal room, String roomId, TierLadder ladder) {
        this(session, room, roomId, ladder, false);
    }

    Listener(Session session, RoomLocal room, String roomId, TierLadder ladder, boolean directWrites) {
        this.session = session;
        this.room = room;
        this.roomId = roomId;
        this.ladder = ladder;
        this.tier = ladder.tier();
        this.socket = session == null ? null : RawSocket.of(session.connection());
        this.ctx = socket == null ? null : RawSocket.context(socket);
        this.quiet = ctx == null ? null : new VoidChannelPromise(ctx.channel(), false);
        this.direct = directWrites ? DirectWrite.of(ctx) : null;
        this.outbound = ctx == null ? null : ctx.channel().unsafe().outboundBuffer();
    }

    /** Whether batches go to it as ready-made frames ({@link EncodedFanout}). */
    boolean raw() {
        return ctx != null;
    }

    EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    /**
     * Bytes written to this socket and not yet handed to the kernel: ready-made frames still on
     * their way to the event loop plus the channel's outbound buffer (which also holds Vert.x's
     * own writes to it); for sockets written through Vert.x, the writes not yet completed.
     */
    int inFlightBytes() {
        if (ctx == null) {
            return inFlight.get();
        }
        long pending = outbound == null ? 0 : outbound.totalPendingWriteBytes();
        return (int) Math.min(Integer.MAX_VALUE, queued.get() + pending);
    }

    /**
     * The bytes in flight that the tier ladder judges (consumer thread): {@link #inFlightBytes()}
     * without the catch-up not yet handed to the kernel. A joiner's replay (D of audio, 85 KB at
     * D = 5 s) sits in the same outbound buffer, and counted as in flight it made the first live
     * batch look like a backlog over the bound: the batch was skipped and the guest heard a hole D
     * after it joined.
     */
    int liveInFlightBytes() {
        int pending = inFlightBytes();
        long catchUp = ctx == null ? 0 : session.catchUpBytes();
        return catchUp == 0 ? pending : (int) Math.max(0, pending - catchUp);
    }

    /** A ready-made frame of {@code wireBytes} is on its way to this socket (consumer thread). */
    void queued(int wireBytes) {
        sentBatches++;
        queued.addAndGet(wireBytes);
    }

    /** On the socket's event loop: the shared frame to this socket ({@link DirectWrite#write}). */
    void writeRaw(ByteBuf frame, ByteBuffer nio, int wireBytes) {
        try {
            if (!ctx.channel().isActive()) {
                return;
            }
            switch (DirectWrite.write(ctx, outbound, direct, frame, nio, wireBytes, quiet)) {
                case WHOLE -> directWrites++; // one writer: this event loop
                case PARTIAL -> partialWrites++;
                case NETTY -> { }
            }
        } finally {
            queued.addAndGet(-wireBytes);
        }
    }

    /**
     * Writes a shared batch to the socket. A counted write stays in flight until the socket has
     * it; catch-up writes (a joiner's replay, a freshly sought room's recent past) are bounded by
     * the ring and the seek window instead, so they do not count against the listener. Writes go
     * straight to the Vert.x socket when it can be reached ({@link RawSocket}): the connection's
     * Uni API costs a Mutiny pipeline and a context-propagation capture per write, which profiling
     * showed as a third of the fan-out thread's time.
     */
    void write(Buffer batch, int bytes, boolean counted) {
        sentBatches++;
        if (!counted) {
            if (socket != null && ctx != null) {
                // it shares the outbound buffer that in-flight reads: counted apart until the kernel has it
                session.catchUpWritten(bytes);
                try {
                    socket.writeBinaryMessage(batch).onComplete(r -> session.catchUpDone(bytes));
                } catch (RuntimeException e) {
                    session.catchUpDone(bytes); // closed under our feet: the session's close removes it
                }
            } else if (socket != null) {
                try {
                    socket.writeBinaryMessage(batch);
                } catch (RuntimeException e) {
                    // closed under our feet: the session's close removes it
                }
            } else {
                session.connection().sendBinary(batch).subscribe().with(ok -> { }, failure -> { });
            }
            return;
        }
        int now = inFlight.addAndGet(bytes);
        if (now > maxInFlight) {
            maxInFlight = now;
        }
        if (socket != null) {
            try {
                socket.writeBinaryMessage(batch).onComplete(r -> inFlight.addAndGet(-bytes));
            } catch (RuntimeException e) {
                inFlight.addAndGet(-bytes); // closed under our feet: the session's close removes it
            }
        } else {
            session.connection().sendBinary(batch).subscribe().with(
                    ok -> inFlight.addAndGet(-bytes),
                    failure -> inFlight.addAndGet(-bytes));
        }
    }

    /**
     * A stats report from the guest (its event loop). It counts as "behind" when the guest hears the
     * room more than {@code slackMs} later than this node sends it and either plays late (it could
     * not make D) or ran dry since its last report while holding less than a quarter of D: then its
     * last mile is the problem, and a lower tier helps. Only two such reports in a row count, and
     * none in the first D + {@code graceMs} after the guest joined. Not behind: a room late for
     * everyone (a slow host or relay: this node sends late too), a guest just joined (its latency
     * counts the replay of the last D, and a room already late makes it late at once), one hiccup.
     */
    void onReport(ClientMessage.StatsReport m, int slackMs, long graceMs, long nowMs) {
        report = m;
        reportedAt = nowMs;
        boolean ranDry = lastUnderruns >= 0 && m.underruns() > lastUnderruns;
        lastUnderruns = m.underruns();
        if (room == null) {
            return;
        }
        int d = room.preset().playoutDelayMs();
        if (nowMs - createdAtMs < d + graceMs) {
            behindStreak = 0;
            return;
        }
        int sendLag = room.sendLagMs();
        boolean lastMile = sendLag >= 0 && m.latencyMs() > sendLag + slackMs;
        boolean starving = ranDry && m.bufferMs() < d / 4;
        if (lastMile && (m.late() || starving)) {
            if (++behindStreak >= 2) {
                behindReports++; // one writer: this socket's event loop
            }
        } else {
            behindStreak = 0;
        }
    }

    /** Whether the guest reported being behind since the consumer thread last asked (consumer thread). */
    boolean takeBehind() {
        int n = behindReports;
        if (n == behindSeen) {
            return false;
        }
        behindSeen = n;
        return true;
    }

    boolean isOpen() {
        return socket != null ? !socket.isClosed() : session.isOpen();
    }
}
