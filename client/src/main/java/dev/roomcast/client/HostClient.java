package dev.roomcast.client;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ServerMessage;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A host: creates or rejoins a room, starts a broadcast and streams Opus in real time, every
 * packet stamped with its capture time on the server clock (estimated with clock pings).
 * <pre>
 * try (HostClient host = HostClient.connect(uri)) {
 *     var room = host.createRoom("Friday");
 *     host.startBroadcast(128_000);
 *     host.stream(new ToneSource(440), 250, 1);   // 5 s, one packet per frame
 * }
 * </pre>
 */
public final class HostClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Connection conn;
    private String roomId;
    private long nextSequence;
    private long sentFrames;
    private long sentPackets;

    private HostClient(Connection conn) {
        this.conn = conn;
    }

    /** Connects, waits for the welcome and takes 8 clock samples. */
    public static HostClient connect(URI uri) throws Exception {
        HostClient h = new HostClient(Connection.open(uri));
        h.conn.syncClock(8, TIMEOUT);
        return h;
    }

    public Connection connection() {
        return conn;
    }

    public String roomId() {
        return roomId;
    }

    /**
     * {@code room:create}: this socket becomes the room's host. Returns once the gateway has also
     * joined the socket to the room ({@code room:joined} follows {@code room:created}), so host
     * actions can follow at once.
     */
    public ServerMessage.RoomCreated createRoom(String name) throws TimeoutException, InterruptedException {
        conn.send(new ClientMessage.RoomCreate(name, null, null));
        ServerMessage.RoomCreated created = conn.await(ServerMessage.RoomCreated.class, TIMEOUT);
        roomId = created.roomId();
        conn.awaitAny(m -> m instanceof ServerMessage.RoomJoined j && j.roomId().equals(created.roomId()), TIMEOUT);
        return created;
    }

    /** {@code room:join} with the host token: (re)joins as host. */
    public ServerMessage.RoomJoined joinAsHost(String roomId, String hostToken) throws TimeoutException, InterruptedException {
        conn.send(new ClientMessage.RoomJoin(roomId, null, hostToken, null, null));
        ServerMessage.RoomJoined joined = conn.await(ServerMessage.RoomJoined.class, TIMEOUT);
        this.roomId = joined.roomId();
        return joined;
    }

    /** {@code broadcast:start} with Opus 48 kHz stereo at {@code bitrate}. */
    public ServerMessage.BroadcastStarted startBroadcast(int bitrate) throws TimeoutException, InterruptedException {
        conn.send(new ClientMessage.BroadcastStart(roomId, new AudioConfig(Codec.OPUS, 48_000, 2, bitrate)));
        return conn.await(ServerMessage.BroadcastStarted.class, TIMEOUT);
    }

    public void stopBroadcast() {
        conn.send(new ClientMessage.BroadcastStop(roomId));
    }

    /**
     * Streams {@code packets} 20 ms packets from {@code source} in real time, {@code batch} packets
     * per frame (a frame leaves when its last packet has been "captured"). Re-syncs the clock
     * every 5 s without disturbing the pacing. Returns the number of packets sent.
     */
    public long stream(AudioSource source, long packets, int batch, int bitrate) throws OpusException {
        if (batch < 1 || batch > 50) {
            throw new IllegalArgumentException("batch must be 1..50");
        }
        OpusEncoder enc = new OpusEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        enc.setBitrate(bitrate);
        enc.setSignalType(OpusSignal.OPUS_SIGNAL_MUSIC);
        enc.setComplexity(5);
        short[] pcm = new short[AudioSource.PACKET_SHORTS];
        byte[] buf = new byte[1275];
        long startNanos = System.nanoTime();
        long startServerUs = conn.serverNowUs();
        long lastSync = startNanos;
        long sent = 0;
        boolean first = true;
        while (sent < packets) {
            int n = (int) Math.min(batch, packets - sent);
            List<byte[]> frame = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (!source.next(pcm)) {
                    break;
                }
                int len = enc.encode(pcm, 0, 960, buf, 0, buf.length);
                frame.add(Arrays.copyOf(buf, len));
            }
            if (frame.isEmpty()) {
                break;
            }
            // the frame's last packet is complete at capture start + (sent + n) × 20 ms
            long due = startNanos + (sent + frame.size()) * 20_000_000L;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            long captureUs = startServerUs + sent * 20_000L;
            int flags = first ? AudioFrame.FLAG_DISCONTINUITY : 0;
            conn.sendBinary(new AudioFrame(Codec.OPUS, Tier.HIGH, nextSequence, captureUs, 960, flags, frame).encode());
            nextSequence = (nextSequence + frame.size()) & 0xffffffffL;
            sent += frame.size();
            sentFrames++;
            sentPackets += frame.size();
            first = false;
            if (System.nanoTime() - lastSync > 5_000_000_000L) {
                lastSync = System.nanoTime();
                conn.send(new ClientMessage.ClockPing(0, ClientClock.nowUs())); // the pong updates the clock
            }
        }
        return sent;
    }

    public long sentFrames() {
        return sentFrames;
    }

    public long sentPackets() {
        return sentPackets;
    }

    /** broadcast:error messages received so far (refused frames). */
    public List<ServerMessage.BroadcastError> errors() {
        return conn.messages().stream().filter(m -> m instanceof ServerMessage.BroadcastError)
                .map(m -> (ServerMessage.BroadcastError) m).toList();
    }

    @Override
    public void close() {
        conn.close();
    }
}
