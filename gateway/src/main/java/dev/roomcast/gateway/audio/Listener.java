package dev.roomcast.gateway.audio;

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

    /** The socket under the connection, written directly (null: through the connection's API). */
    private final WebSocketBase socket;

    Listener(Session session, String roomId, TierLadder ladder) {
        this.session = session;
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

    boolean isOpen() {
        return socket != null ? !socket.isClosed() : session.isOpen();
    }
}
