package dev.roomcast.room.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.room.lifecycle.RoomFullException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to {@code {"error":{"code","message"}}} with the matching status. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response protocol(ProtocolException e) {
        if (e instanceof RoomFullException full) {
            return json(409, ApiError.full(full.maxUsers(), e.getMessage()));
        }
        return json(ApiError.status(e.code()), ApiError.of(e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response jackson(JsonProcessingException e) {
        return badBody(e);
    }

    /** More specific than Quarkus' own mapper for it, so bodies of the wrong shape answer like the rest. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return badBody(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException || findProtocol(cause) != null) {
            return badBody(cause);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 413 -> ErrorCode.TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_MESSAGE;
        };
        return json(status, ApiError.of(code, status == 404 ? "no such resource" : e.getMessage()));
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.errorf(e, "request failed");
        return json(503, ApiError.of(ErrorCode.UNAVAILABLE, "temporarily unavailable"));
    }

    private Response badBody(Throwable e) {
        ProtocolException pe = findProtocol(e);
        if (pe != null) {
            return protocol(pe);
        }
        ErrorCode code = e instanceof JsonParseException ? ErrorCode.BAD_JSON : ErrorCode.BAD_MESSAGE;
        return json(400, ApiError.of(code, code == ErrorCode.BAD_JSON ? "not valid JSON" : "the body does not match"));
    }

    private static ProtocolException findProtocol(Throwable t) {
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            if (t instanceof ProtocolException pe) {
                return pe;
            }
        }
        return null;
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
