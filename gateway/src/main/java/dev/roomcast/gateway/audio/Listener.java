package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.message.ClientMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
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
    private final RoomLocal room;

    /** The socket under the connection, written directly (null: through the connection's API). */
    private final WebSocketBase socket;

    Listener(Session session, RoomLocal room, String roomId, TierLadder ladder) {
        this.session = session;
        this.room = room;
        this.roomId = roomId;
        this.ladder = ladder;
        this.tier = ladder.tier();
        this.socket = session == null ? null : RawSocket.of(session.connection());
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
            if (socket != null) {
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
     * A stats report from the guest (its event loop). It counts as "behind" when the guest ran dry
     * or plays late since its last report, holds less than a quarter of the room's delay D, and
     * hears the room more than {@code slackMs} later than this node sends it: then its last mile is
     * the problem, and a lower tier helps. Not behind: a room late for everyone (a slow host or
     * relay: this node sends late too), nor a guest just joined (its latency includes the replay of
     * the last D, but its buffer is full).
     */
    void onReport(ClientMessage.StatsReport m, int slackMs, long nowMs) {
        report = m;
        reportedAt = nowMs;
        boolean ranDry = lastUnderruns >= 0 && m.underruns() > lastUnderruns;
        lastUnderruns = m.underruns();
        if (room == null || !(m.late() || ranDry)) {
            return;
        }
        int sendLag = room.sendLagMs();
        if (sendLag >= 0 && m.latencyMs() > sendLag + slackMs && m.bufferMs() < room.preset().playoutDelayMs() / 4) {
            behindReports++; // one writer: this socket's event loop
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
