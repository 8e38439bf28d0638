package dev.roomcast.client;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A guest: joins a room and counts the audio frames it receives (sequence gaps, latency =
 * receive time − capture time on the server clock). Does not decode or play.
 * <pre>
 * try (ListenerClient guest = ListenerClient.connect(uri)) {
 *     guest.join(roomId, "guest-1");
 *     ... later: guest.stats().summary()
 * }
 * </pre>
 */
public final class ListenerClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Connection conn;
    private final Stats stats = new Stats();
    private volatile long lastSyncNanos;

    private ListenerClient(Connection conn) {
        this.conn = conn;
        conn.onBinary(this::onFrame);
    }

    /** Connects, waits for the welcome and takes 8 clock samples. */
    public static ListenerClient connect(URI uri) throws Exception {
        ListenerClient l = new ListenerClient(Connection.open(uri));
        l.conn.syncClock(8, TIMEOUT);
        l.lastSyncNanos = System.nanoTime();
        return l;
    }

    public Connection connection() {
        return conn;
    }

    public Stats stats() {
        return stats;
    }

    public ServerMessage.RoomJoined join(String roomId, String username) throws TimeoutException, InterruptedException {
        conn.send(new ClientMessage.RoomJoin(roomId, username, null, null, null));
        ServerMessage m = conn.awaitAny(x -> x instanceof ServerMessage.RoomJoined || x instanceof ServerMessage.RoomNotFound
                || x instanceof ServerMessage.RoomFull || x instanceof ServerMessage.Error, TIMEOUT);
        if (m instanceof ServerMessage.RoomJoined j) {
            return j;
        }
        throw new IllegalStateException("could not join " + roomId + ": " + m.type());
    }

    /** {@code quality:request}: a fixed tier, or null for automatic. */
    public void requestTier(Tier tier) {
        conn.send(new ClientMessage.QualityRequest(tier == null ? "auto" : tier.wire()));
    }

    private void onFrame(byte[] b) {
        long receiveServerUs = conn.serverNowUs();
        if (b.length < AudioFrames.HEADER_BYTES) {
            return;
        }
        stats.onFrame(AudioFrames.tierId(b), AudioFrames.sequence(b), AudioFrames.packetCount(b),
                AudioFrames.captureTimeUs(b), receiveServerUs);
        if (System.nanoTime() - lastSyncNanos > 5_000_000_000L) {
            lastSyncNanos = System.nanoTime();
            Thread t = new Thread(() -> conn.send(new ClientMessage.ClockPing(0, ClientClock.nowUs())), "clock-ping");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        conn.close();
    }
}
