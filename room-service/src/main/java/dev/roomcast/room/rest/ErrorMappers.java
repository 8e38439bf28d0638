package dev.roomcast.room.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.ApiError;
import dev.roomcast.protocol.message.ProtocolJson;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to the shared error body ({@link ApiError}) with the status of the one table
 * ({@link ErrorCode#httpStatus()}).
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response protocol(ProtocolException e) {
        return json(ApiError.of(e));
    }

    @ServerExceptionMapper
    public Response jackson(JsonProcessingException e) {
        return json(ApiError.of(ProtocolJson.refusal(e)));
    }

    /** More specific than Quarkus' own mapper for it, so bodies of the wrong shape answer like the rest. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(ApiError.of(ProtocolJson.refusal(e)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ProtocolException pe) {
                return protocol(pe);
            }
            if (t instanceof JsonProcessingException jpe) {
                return jackson(jpe);
            }
        }
        ErrorCode code = ErrorCode.ofStatus(e.getResponse().getStatus());
        return json(ApiError.of(code, code == ErrorCode.NOT_FOUND ? "no such resource" : String.valueOf(e.getMessage())));
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.errorf(e, "request failed");
        return json(ApiError.of(ErrorCode.UNAVAILABLE, "temporarily unavailable"));
    }

    private static Response json(ApiError body) {
        return Response.status(body.error().code().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
