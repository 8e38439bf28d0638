package dev.roomcast.client;

import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One socket to the gateway's {@code /ws}: JSON control messages both ways, binary audio frames
 * in and out, clock sync ({@code clock:ping}/{@code clock:pong}). Sends are serialized (the JDK
 * WebSocket allows one outstanding send). Server messages are kept in arrival order so callers can
 * wait for the one they need.
 */
public class Connection implements AutoCloseable {
    private final WebSocket ws;
    private final List<ServerMessage> inbox = new ArrayList<>();
    private final ClockSync clock = new ClockSync();
    private final ServerMessage.Welcome welcome;
    private volatile Consumer<byte[]> binaryHandler = b -> { };
    private volatile Consumer<ServerMessage> messageHandler = m -> { };
    private volatile String closeReason;
    private int pingId;

    protected Connection(URI uri, String origin, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(timeout);
        if (origin != null) {
            b.header("Origin", origin);
        }
        ws = b.buildAsync(uri, new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        welcome = await(ServerMessage.Welcome.class, timeout);
    }

    /** Opens a socket (Origin = the URL's own http origin) and waits for {@code server:welcome}. */
    public static Connection open(URI uri) throws Exception {
        return new Connection(uri, defaultOrigin(uri), Duration.ofSeconds(10));
    }

    static String defaultOrigin(URI uri) {
        String scheme = "wss".equals(uri.getScheme()) ? "https" : "http";
        return scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    public ServerMessage.Welcome welcome() {
        return welcome;
    }

    public String userId() {
        return welcome.userId();
    }

    /** Called on the socket's thread with every binary message (whole). */
    public void onBinary(Consumer<byte[]> handler) {
        this.binaryHandler = handler;
    }

    /** Called on the socket's thread with every control message (besides keeping it in the inbox). */
    public void onMessage(Consumer<ServerMessage> handler) {
        this.messageHandler = handler;
    }

    public synchronized void send(ClientMessage message) {
        join(ws.sendText(ProtocolJson.encode(message), true));
    }

    public synchronized void sendBinary(byte[] frame) {
        join(ws.sendBinary(ByteBuffer.wrap(frame), true));
    }

    private static void join(CompletableFuture<WebSocket> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the next message of this type (skipping, but keeping, the others). */
    public <T extends ServerMessage> T await(Class<T> type, Duration timeout) throws TimeoutException, InterruptedException {
        return type.cast(awaitAny(type::isInstance, timeout));
    }

    /** Waits for a message matching {@code p} and takes it out of the inbox. */
    public ServerMessage awaitAny(Predicate<ServerMessage> p, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inbox) {
            while (true) {
                for (int i = 0; i < inbox.size(); i++) {
                    if (p.test(inbox.get(i))) {
                        return inbox.remove(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closeReason != null) {
                    throw new TimeoutException((closeReason != null ? "socket closed: " + closeReason : "no matching message")
                            + "; received meanwhile: " + inbox.stream().map(m -> m instanceof ServerMessage.Error e
                            ? "error(" + e.code().wire() + ": " + e.message() + ")" : m.type()).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(inbox, left);
            }
        }
    }

    /** A copy of the messages received and not yet taken. */
    public List<ServerMessage> messages() {
        synchronized (inbox) {
            return List.copyOf(inbox);
        }
    }

    /** Sends {@code count} clock pings, each after the previous pong, and returns the clock estimate. */
    public ClockSync syncClock(int count, Duration timeout) throws TimeoutException, InterruptedException {
        for (int i = 0; i < count; i++) {
            int id;
            synchronized (this) {
                id = ++pingId;
            }
            send(new ClientMessage.ClockPing(id, ClientClock.nowUs()));
            awaitAny(m -> m instanceof ServerMessage.ClockPong p && p.id() == id, timeout);
        }
        return clock;
    }

    /** The server clock now, by this connection's estimate (µs since the epoch). */
    public long serverNowUs() {
        synchronized (clock) {
            return clock.toServerUs(ClientClock.nowUs());
        }
    }

    public ClockSync clock() {
        return clock;
    }

    /** Null while open; the close reason (or error) once closed. */
    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already closed
        }
        ws.abort();
    }

    private void received(ServerMessage m) {
        if (m instanceof ServerMessage.ClockPong p) {
            long t3 = ClientClock.nowUs();
            synchronized (clock) {
                clock.add((long) p.t0(), p.t1(), p.t2(), t3);
            }
        }
        messageHandler.accept(m);
        synchronized (inbox) {
            inbox.add(m);
            if (inbox.size() > 10_000) {
                inbox.remove(0); // nobody is reading them: keep memory bounded
            }
            inbox.notifyAll();
        }
    }

    private void closed(String reason) {
        closeReason = reason;
        synchronized (inbox) {
            inbox.notifyAll();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String json = text.toString();
                text.setLength(0);
                try {
                    received(ProtocolJson.decodeServer(json));
                } catch (RuntimeException e) {
                    // a message this client does not know: ignore it
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            byte[] whole;
            if (last && binary.size() == 0) {
                whole = chunk;
            } else {
                binary.writeBytes(chunk);
                whole = last ? binary.toByteArray() : null;
                if (last) {
                    binary.reset();
                }
            }
            if (whole != null) {
                binaryHandler.accept(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed("error: " + error);
        }
    }
}
