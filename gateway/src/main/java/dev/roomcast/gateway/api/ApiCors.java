package dev.roomcast.gateway.api;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.session.OriginPolicy;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.api.ApiError;
import dev.roomcast.protocol.bus.BusJson;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code /api/*} answers before JAX-RS sees a request, in the documented error body: a
 * browser page of an origin not allowed (same origin or ALLOWED_ORIGINS) gets 403
 * {@code forbidden_origin}, a preflight of an allowed one its grant, and a body announced larger
 * than 16 KiB (a cover art upload: 256 KiB; a peek frame: 64 KiB) 413 {@code too_large}. Requests without an Origin (not a browser) pass. {@code /ws}
 * checks origins itself and tells the browser in its close reason.
 */
@ApplicationScoped
public class ApiCors {
    /** The largest JSON body. */
    static final long MAX_BODY = 16 * 1024;
    /** {@code PUT /api/rooms/{id}/art}: the image itself (quarkus.http.limits.max-body-size is a little above it). */
    private static final Pattern ART_UPLOAD = Pattern.compile("/api/rooms/[^/]+/art");
    /** {@code PUT /api/rooms/{id}/peek}: a tab peek frame. */
    private static final Pattern PEEK_UPLOAD = Pattern.compile("/api/rooms/[^/]+/peek");

    private final OriginPolicy origins;

    public ApiCors(GatewayConfig config) {
        this.origins = new OriginPolicy(config.allowedOrigins().orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 1000);
    }

    void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            if (!origins.allows(origin, request.getHeader(HttpHeaders.HOST))) {
                refuse(rc, ErrorCode.FORBIDDEN_ORIGIN, "pages of this origin may not call the API");
                return;
            }
            rc.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
            if (request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null) {
                rc.response().setStatusCode(204)
                        .putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
                        .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
                        .putHeader("Access-Control-Max-Age", "600")
                        .end();
                return;
            }
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = MAX_BODY;
        if (request.method() == HttpMethod.PUT && ART_UPLOAD.matcher(path).matches()) {
            max = Limits.ART_MAX_BYTES;
        } else if (request.method() == HttpMethod.PUT && PEEK_UPLOAD.matcher(path).matches()) {
            max = Limits.PEEK_MAX_BYTES;
        }
        if (length != null && tooLong(length, max)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(rc, ErrorCode.TOO_LARGE, "the body is larger than " + max + " bytes");
            return;
        }
        rc.next();
    }

    private static boolean tooLong(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The documented error body with the status of its code. */
    static void refuse(RoutingContext rc, ErrorCode code, String message) {
        rc.response().setStatusCode(code.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(BusJson.encode(ApiError.of(code, message)));
    }
}
