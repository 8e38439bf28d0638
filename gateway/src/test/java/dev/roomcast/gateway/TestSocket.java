package dev.roomcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.protocol.message.ProtocolJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client for tests: text messages parsed into a queue, binary frames in another. */
public final class TestSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket ws;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final List<JsonNode> seen = new ArrayList<>();

    private TestSocket(URI uri, String origin) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        this.ws = b.buildAsync(uri, new Listener()).join();
    }

    public static TestSocket open(URI uri) {
        return new TestSocket(uri, null);
    }

    public static TestSocket open(URI uri, String origin) {
        return new TestSocket(uri, origin);
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    /**
     * Sends unless the socket is closed meanwhile: returns false when the server closed it (a flood
     * test cannot know which message the close overtakes).
     */
    public boolean trySend(String json) {
        try {
            ws.sendText(json, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException && (ws.isOutputClosed() || ws.isInputClosed() || isClosed())) {
                return false;
            }
            throw e;
        }
    }

    /** One text message sent as frames of at most {@code frameChars} characters. */
    public void sendFragmented(String text, int frameChars) {
        for (int i = 0; i < text.length(); i += frameChars) {
            int end = Math.min(text.length(), i + frameChars);
            ws.sendText(text.substring(i, end), end == text.length()).join();
        }
    }

    /** One binary message sent as frames of at most {@code frameBytes} bytes. */
    public void sendBinaryFragmented(byte[] bytes, int frameBytes) {
        for (int i = 0; i < bytes.length; i += frameBytes) {
            int end = Math.min(bytes.length, i + frameBytes);
            ws.sendBinary(ByteBuffer.wrap(bytes, i, end - i), end == bytes.length).join();
        }
    }

    public void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next message of this type (others are kept in {@link #seen()}), or fails after 10 s. */
    public JsonNode await(String type) {
        return await(type, m -> true);
    }

    public JsonNode await(String type, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                JsonNode m = seen.get(i);
                if (type.equals(m.path("type").asText()) && match.test(m)) {
                    return seen.remove(i);
                }
            }
        }
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no '" + type + "' within 10 s; got " + seen);
                }
                if (type.equals(m.path("type").asText()) && match.test(m)) {
                    return m;
                }
                synchronized (seen) {
                    seen.add(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the error whose code is this one. */
    public JsonNode awaitError(String code) {
        return await("error", m -> code.equals(m.path("code").asText()));
    }

    public byte[] awaitFrame() {
        try {
            byte[] f = frames.poll(10, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no binary frame within 10 s");
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<JsonNode> seen() {
        synchronized (seen) {
            List<JsonNode> all = new ArrayList<>(seen);
            messages.drainTo(all);
            return all;
        }
    }

    /** The close code the server sent, waiting up to 10 s. */
    public int awaitClose() {
        try {
            return closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket was not closed by the server", e);
        }
    }

    /** The reason of the server's close frame (after {@link #awaitClose()}), or null. */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(ProtocolJson.mapper().readTree(text.toString()));
                } catch (Exception e) {
                    messages.add(ProtocolJson.mapper().createObjectNode().put("type", "unparseable"));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                frames.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
