package dev.roomcast.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.systemtests.WsClient;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Chat helpers for the fault tests: who got which own message back, and what the history holds. */
final class ChatFlow {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChatFlow() {}

    /**
     * The texts this client sent that are <b>acknowledged</b>: the protocol has no separate ack, and
     * chat-service publishes {@code chat:message} only after the entry is in Redis (docs/CHAT.md),
     * so the sender's own {@code chat:message} coming back (same userId, same text) is the
     * acknowledgement.
     */
    static List<String> acknowledged(WsClient sender, String userId) {
        return sender.messages("chat:message").stream()
                .filter(m -> userId.equals(m.path("userId").asText()))
                .map(m -> m.path("message").asText()).distinct().toList();
    }

    /** The room's stored history as chat-service serves it: the texts, oldest first. */
    static List<String> history(ServiceProcess chat, String roomId) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(chat.baseUrl() + "/rooms/" + roomId + "/messages"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("history of " + roomId + ": " + r.statusCode() + " " + r.body());
            }
            List<String> out = new ArrayList<>();
            for (JsonNode m : parse(r.body()).path("messages")) {
                out.add(m.path("message").asText());
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("chat-service does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String body) throws IOException {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(body);
    }
}
