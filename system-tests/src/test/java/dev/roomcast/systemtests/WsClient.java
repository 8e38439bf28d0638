package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.message.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real /ws client (JDK WebSocket). Every text message and binary frame it receives is kept, in
 * arrival order, so tests look at what a user's client would have seen. Waiting is Awaitility only.
 */
public final class WsClient implements AutoCloseable {
    static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Frame(byte[] bytes, long atNs) {}

    private final String name;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket ws;

    private WsClient(String name) {
        this.name = name;
    }

    /** Connects and waits for server:welcome. */
    public static WsClient connect(URI uri, String name) {
        WsClient c = connectAsync(uri, name).join();
        c.awaitMessage("server:welcome", Duration.ofSeconds(20));
        return c;
    }

    public static CompletableFuture<WsClient> connectAsync(URI uri, String name) {
        WsClient c = new WsClient(name);
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(uri, c.new Listener())
                .thenApply(ws -> {
                    c.ws = ws;
                    return c;
                });
    }

    public String name() {
        return name;
    }

    public synchronized void send(Object message) {
        try {
            String json = message instanceof String s ? s : JSON.writeValueAsString(message);
            ws.sendText(json, true).join();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public synchronized void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public static ObjectNode msg(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** room:join as a guest (or as host with a token); waits for room:joined. */
    public JsonNode join(String roomId, String username, String hostToken) {
        return join(roomId, username, hostToken, null);
    }

    /**
     * room:join with a device key, as a browser sends it (its name survives a reconnect that races the
     * old connection's leave, and a ban holds on it); waits for room:joined.
     */
    public JsonNode join(String roomId, String username, String hostToken, String deviceKey) {
        ObjectNode m = msg("room:join").put("roomId", roomId);
        if (deviceKey != null) {
            m.put("deviceKey", deviceKey);
        }
        if (username != null) {
            m.put("username", username);
        }
        if (hostToken != null) {
            m.put("hostToken", hostToken);
        }
        send(m);
        return awaitMessage("room:joined", Duration.ofSeconds(20));
    }

    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    public List<JsonNode> messages(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    public Optional<JsonNode> first(String type, Predicate<JsonNode> match) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText()) && match.test(m)).findFirst();
    }

    public JsonNode awaitMessage(String type, Duration atMost) {
        return awaitMessage(type, m -> true, atMost);
    }

    public JsonNode awaitMessage(String type, Predicate<JsonNode> match, Duration atMost) {
        await(name + " receives " + type).atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> first(type, match).isPresent() || closed.isDone());
        return first(type, match).orElseThrow(() -> new AssertionError(name + ": socket closed (" + closed.getNow(null)
                + ") before a '" + type + "' arrived; got " + messages));
    }

    /** The error (socket {@code error} or {@code broadcast:error}) with this code, received after index {@code from}. */
    public JsonNode awaitError(String code, int from, Duration atMost) {
        await(name + " receives error " + code).atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> findError(code, from).isPresent());
        return findError(code, from).orElseThrow();
    }

    private Optional<JsonNode> findError(String code, int from) {
        List<JsonNode> all = messages();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(m -> ("error".equals(m.path("type").asText()) || "broadcast:error".equals(m.path("type").asText()))
                        && code.equals(m.path("code").asText()))
                .findFirst();
    }

    public int messageCount() {
        return messages.size();
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The close code the server sent (-1 = the connection broke without a close frame), or null while open. */
    public Integer closeCode() {
        return closed.getNow(null);
    }

    @Override
    public void close() {
        if (ws != null && !closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    public void abort() {
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(text.toString());
                    if (m instanceof ObjectNode o) {
                        o.put("_rxNs", System.nanoTime()); // arrival time, for clock sync
                    }
                    messages.add(m);
                } catch (Exception e) {
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
                binary = new ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
