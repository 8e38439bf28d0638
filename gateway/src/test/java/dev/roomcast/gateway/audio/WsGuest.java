package dev.roomcast.gateway.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.frame.AudioFrames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client of /ws (JDK client). It reads one message at a time; after
 * {@link #stopReading()} it asks for nothing more, so its socket stops being read and TCP pushes
 * back on the server, like a guest whose tab froze.
 */
public final class WsGuest implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(byte[] frame, long atNs) {}

    final List<Received> frames = new CopyOnWriteArrayList<>();
    final List<JsonNode> texts = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private volatile boolean reading = true;
    private volatile String userId;
    private WebSocket ws;

    public static WsGuest connect(URI uri) throws Exception {
        WsGuest g = new WsGuest();
        g.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, g).get(5, TimeUnit.SECONDS);
        return g;
    }

    public String userId() {
        return userId;
    }

    void stopReading() {
        reading = false;
    }

    void resumeReading() {
        reading = true;
        ws.request(1);
    }

    void send(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    public void sendText(String json) {
        ws.sendText(json, true).join();
    }

    boolean isOpenForTest() {
        return !ws.isInputClosed() && !ws.isOutputClosed();
    }

    public void close() {
        ws.abort();
    }

    /** Milliseconds of audio received so far (packets × 20 ms). */
    long audioMs() {
        long n = 0;
        for (Received r : frames) {
            n += AudioFrames.packetCount(r.frame()) * 20L;
        }
        return n;
    }

    boolean hasText(String type) {
        return texts.stream().anyMatch(t -> type.equals(t.path("type").asText()));
    }

    public List<JsonNode> texts(String type) {
        return texts.stream().filter(t -> type.equals(t.path("type").asText())).toList();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            try {
                JsonNode n = JSON.readTree(partialText.toString());
                if ("server:welcome".equals(n.path("type").asText())) {
                    userId = n.path("userId").asText();
                }
                texts.add(n);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partialText.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partialBinary.writeBytes(b);
        if (last) {
            frames.add(new Received(partialBinary.toByteArray(), System.nanoTime()));
            partialBinary.reset();
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }
}
