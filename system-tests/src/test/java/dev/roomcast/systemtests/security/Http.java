package dev.roomcast.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Raw REST calls: any method, body, content type and headers (a script, not a page). */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String body, HttpHeaders headers) {
        /** {@code error.code} of our error body, or null if the body is not one. */
        String errorCode() {
            try {
                JsonNode n = Probe.JSON.readTree(body);
                JsonNode c = n == null ? null : n.path("error").path("code");
                return c != null && c.isTextual() ? c.asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private Http() {}

    static Reply call(ServiceProcess gateway, String method, String path, String body, String contentType,
                      Map<String, String> headers) {
        return send(gateway, method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                contentType, headers);
    }

    /** A binary body (cover art), announced with its length. */
    static Reply putBytes(ServiceProcess gateway, String path, byte[] body, String contentType, Map<String, String> headers) {
        return send(gateway, "PUT", path, HttpRequest.BodyPublishers.ofByteArray(body), contentType, headers);
    }

    private static Reply send(ServiceProcess gateway, String method, String path, HttpRequest.BodyPublisher body, String contentType,
                              Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body() == null ? "" : r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Reply get(ServiceProcess gateway, String path) {
        return call(gateway, "GET", path, null, null, Map.of());
    }

    static Reply postJson(ServiceProcess gateway, String path, String body) {
        return call(gateway, "POST", path, body, "application/json", Map.of());
    }

    static Reply delete(ServiceProcess gateway, String path, String authorization) {
        return call(gateway, "DELETE", path, null, null, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    static int ready(ServiceProcess service) {
        return get(service, "/q/health/ready").status();
    }
}
