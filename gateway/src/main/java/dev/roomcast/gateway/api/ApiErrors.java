package dev.roomcast.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.roomcast.gateway.web.Pages;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.ApiError;
import dev.roomcast.protocol.message.ProtocolJson;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal of {@code /api/*} as the documented body ({@link ApiError}) with the status of the
 * one table ({@link ErrorCode#httpStatus()}): our own and the backing services' refusals, bodies
 * that are not JSON or not the record (read as strictly as the socket), and what JAX-RS itself
 * refuses (404 not_found for an unknown path, 405 method_not_allowed, 415 unsupported_media_type).
 * A path outside {@code /api} that no one serves (JAX-RS, then the web-ui's static files) gets the
 * web-ui's not-found page with 404 instead. CORS and bodies announced past 16 KiB are answered
 * before JAX-RS, with the same body ({@link ApiCors}).
 */
public class ApiErrors {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response protocol(ProtocolException e) {
        return of(ApiError.of(e));
    }

    @ServerExceptionMapper
    public Response jackson(JsonProcessingException e) {
        return of(ApiError.of(ProtocolJson.refusal(e)));
    }

    /** More specific than Quarkus' own mapper for it, so bodies of the wrong shape answer like the rest. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return of(ApiError.of(ProtocolJson.refusal(e)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ProtocolException pe) {
                return protocol(pe);
            }
            if (t instanceof JsonProcessingException jpe) {
                return jackson(jpe);
            }
        }
        ErrorCode code = ErrorCode.ofStatus(e.getResponse().getStatus());
        String path = request.path();
        if (code == ErrorCode.NOT_FOUND && !(path.equals("/api") || path.startsWith("/api/"))) {
            // a page no one serves: the web-ui's not-found page, not an API body
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(Pages.NOT_FOUND).build();
        }
        return of(ApiError.of(code, switch (code) {
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "this resource does not take that method";
            case UNSUPPORTED_MEDIA_TYPE -> "the body must be application/json";
            default -> "request refused";
        }));
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.errorf(e, "request failed");
        return of(ApiError.of(ErrorCode.INTERNAL, "something went wrong, try again"));
    }

    static Response of(ApiError body) {
        return Response.status(body.error().code().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
