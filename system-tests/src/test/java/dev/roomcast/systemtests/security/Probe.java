package dev.roomcast.systemtests.security;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.message.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A hostile /ws client: sends any text or bytes, sets any Origin, and records what came back —
 * every message, every raw text (to scan for secrets), the close code and reason, or the HTTP
 * status that refused the handshake.
 */
final class Probe implements AutoCloseable {
    static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Duration WAIT = Duration.ofSeconds(15);

    /** The close frame the server sent (or -1 / "abort" if the connection just broke). */
    record Close(int code, String reason) {}

    /** The handshake was answered with this HTTP status instead of 101. */
    static final class Refused extends RuntimeException {
        final int status;
        final String errorHeader;

        Refused(int status, String errorHeader) {
            super("handshake refused with HTTP " + status + " (" + errorHeader + ")");
            this.status = status;
            this.errorHeader = errorHeader;
        }
    }

    private final String name;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final List<String> raw = new CopyOnWriteArrayList<>();
    private final List<byte[]> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket ws;

    private Probe(String name) {
        this.name = name;
    }

    /** Opens a socket (with this Origin header, or none) and waits for server:welcome. */
    static Probe open(URI uri, String name, String origin) {
        Probe p = openRaw(uri, name, origin);
        p.awaitType("server:welcome", 0);
        return p;
    }

    /** Opens a socket without waiting for anything (the server may close it at once, with a reason). */
    static Probe openRaw(URI uri, String name, String origin) {
        Probe p = new Probe(name);
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        try {
            p.ws = b.buildAsync(uri, p.new Listener()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new Refused(h.getResponse().statusCode(),
                        h.getResponse().headers().firstValue("X-Roomcast-Error").orElse(null));
            }
            throw e;
        }
        return p;
    }

    static Probe open(URI uri, String name) {
        return open(uri, name, null);
    }

    String name() {
        return name;
    }

    void send(String text) {
        synchronized (this) {
            try {
                ws.sendText(text, true).join();
            } catch (CompletionException e) {
                // the server closed this socket under the write: say how, and what it had said before
                Close how;
                try {
                    how = closed.get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception notYet) {
                    how = null;
                }
                throw new AssertionError(name + ": could not send (" + e.getCause() + "); closed by the server with "
                        + how + " after " + messages(), e);
            }
        }
    }

    void send(JsonNode message) {
        send(message.toString());
    }

    void sendBinary(byte[] bytes) {
        synchronized (this) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }
    }

    /**
     * Sends a frame the server is expected to cut off: past its read limit the server closes the
     * connection while this client is still writing, so the write may fail ("closed output").
     * That failure is the expected outcome, not an error; the caller then checks how it closed.
     */
    void sendBinaryCutOff(byte[] bytes) {
        synchronized (this) {
            try {
                ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof java.io.IOException)) {
                    throw e;
                }
            }
        }
    }

    /** Sends without waiting for the write, swallowing failures (the server may close mid-flood). */
    boolean trySend(String text) {
        try {
            synchronized (this) {
                ws.sendText(text, true).get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    int size() {
        return messages.size();
    }

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    List<String> rawTexts() {
        return List.copyOf(raw);
    }

    List<byte[]> frames() {
        return List.copyOf(frames);
    }

    long count(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).count();
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    Optional<Close> closeFrame() {
        return Optional.ofNullable(closed.getNow(null));
    }

    Close awaitClose(Duration atMost) {
        org.awaitility.Awaitility.await(name + " is closed by the server").atMost(atMost).pollInterval(Duration.ofMillis(10)).until(closed::isDone);
        return closed.join();
    }

    /** The first message of this type at or after index {@code from}. */
    JsonNode awaitType(String type, int from) {
        return await(type, from, m -> true);
    }

    JsonNode await(String type, int from, Predicate<JsonNode> match) {
        org.awaitility.Awaitility.await(name + " receives " + type).atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> find(type, from, match).isPresent() || closed.isDone());
        return find(type, from, match).orElseThrow(() -> new AssertionError(name + ": no '" + type + "' (closed: "
                + closed.getNow(null) + "); got " + tail(from)));
    }

    /**
     * The first {@code error} at or after {@code from}; an answer of another kind (room:notfound,
     * clock:pong, ...) does not count. Fails if the socket closes first.
     */
    JsonNode awaitError(int from) {
        return await("error", from, m -> true);
    }

    private Optional<JsonNode> find(String type, int from, Predicate<JsonNode> match) {
        List<JsonNode> all = messages();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(m -> type.equals(m.path("type").asText()) && match.test(m)).findFirst();
    }

    String tail(int from) {
        List<JsonNode> all = messages();
        List<JsonNode> t = all.subList(Math.min(from, all.size()), all.size());
        String s = t.toString();
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    @Override
    public void close() {
        if (ws != null && !closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String t = text.toString();
                raw.add(t);
                try {
                    messages.add(JSON.readTree(t));
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "unparseable").put("raw", t));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                frames.add(binary.toByteArray());
                binary = new ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
