package dev.roomcast.systemtests.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A client of the wire written from docs/PROTOCOL.md alone: a WebSocket that sends and records JSON
 * text and binary frames, and plain HTTP for §8. It uses no class of the project, only the JDK and
 * Jackson's JSON tree, so the document and the server cannot drift apart without this noticing.
 * The gateway is {@code -Droomcast.conformance.gateway=http://host:port} (any running gateway;
 * in {@code ./mvnw verify} the system tests' own).
 */
final class Wire implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Every message and frame received, in order; a frame with its arrival time (System.nanoTime). */
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket ws;

    record Frame(byte[] bytes, long arrivedAtNanos) {}

    private Wire(URI uri, String origin) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        this.ws = b.buildAsync(uri, new Listener()).join();
    }

    static String gateway() {
        String g = System.getProperty("roomcast.conformance.gateway");
        if (g == null) {
            throw new IllegalStateException("set -Droomcast.conformance.gateway=http://host:port");
        }
        return g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
    }

    /** A second gateway of the same system, if given; else the first. */
    static String gateway2() {
        return System.getProperty("roomcast.conformance.gateway2", gateway());
    }

    static URI ws(String gateway) {
        return URI.create(gateway.replaceFirst("^http", "ws") + "/ws");
    }

    /** Opens a socket on the gateway (no Origin header: not a browser) and waits for server:welcome. */
    static Wire open(String gateway) {
        Wire w = new Wire(ws(gateway), null);
        w.await("server:welcome");
        return w;
    }

    /** Opens a socket with this Origin; no waiting. */
    static Wire openRaw(String gateway, String origin) {
        return new Wire(ws(gateway), origin);
    }

    static ObjectNode msg(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    void send(String text) {
        synchronized (this) {
            ws.sendText(text, true).join();
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

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    int size() {
        return messages.size();
    }

    /** The first message after index {@code from} of this type matching, waiting up to {@link #WAIT}. */
    JsonNode await(String type, int from, Predicate<JsonNode> match) {
        return Awaitility.await(type).atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            List<JsonNode> all = messages();
            for (int i = from; i < all.size(); i++) {
                JsonNode m = all.get(i);
                if (type.equals(m.path("type").asText()) && match.test(m)) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
    }

    JsonNode await(String type) {
        return await(type, 0, m -> true);
    }

    JsonNode awaitAfter(String type, int from) {
        return await(type, from, m -> true);
    }

    /** The first {@code error} after {@code from}. */
    JsonNode awaitError(int from) {
        return await("error", from, m -> true);
    }

    /** Sends and returns the first message of the given type after it. */
    JsonNode ask(JsonNode message, String answerType) {
        int from = size();
        send(message);
        return awaitAfter(answerType, from);
    }

    /** Sends and returns the first error after it. */
    JsonNode refused(String text) {
        int from = size();
        send(text);
        return awaitError(from);
    }

    /** The server's close code and reason, waiting up to {@link #WAIT}. */
    int awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join()[0];
    }

    String closeReason() {
        return closeReason;
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    /** Ends the connection without a close handshake (a tab that is just gone). */
    void abort() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(text.toString()));
                } catch (IOException e) {
                    messages.add(JSON.createObjectNode().put("type", "unparseable").put("raw", text.toString()));
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
                frames.add(new Frame(binary.toByteArray(), System.nanoTime()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(new int[] {statusCode});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new int[] {-1});
        }
    }

    // ---------------------------------------------------------------- §8 REST

    record Reply(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        String errorCode() {
            try {
                JsonNode n = JSON.readTree(body);
                return n == null ? null : n.path("error").path("code").asText(null);
            } catch (IOException e) {
                return null;
            }
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static Reply http(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body() == null ? "" : r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Reply get(String path) {
        return http("GET", path, null, null, Map.of());
    }

    static Reply postJson(String path, String body) {
        return http("POST", path, body, "application/json", Map.of());
    }

    /** A new room through REST: {roomId, hostToken, hostId, ...}. */
    static JsonNode createRoom(String name) {
        Reply r = postJson("/api/rooms", JSON.createObjectNode().put("roomName", name).toString());
        if (r.status() != 201) {
            throw new AssertionError("POST /api/rooms: " + r);
        }
        return r.json();
    }

    /** room:join on this socket, answered by room:joined. */
    JsonNode join(String roomId, String hostToken) {
        ObjectNode m = msg("room:join").put("roomId", roomId);
        if (hostToken != null) {
            m.put("hostToken", hostToken);
        }
        return ask(m, "room:joined");
    }

    List<JsonNode> ofType(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : messages()) {
            if (type.equals(m.path("type").asText())) {
                out.add(m);
            }
        }
        return out;
    }
}
