package dev.roomcast.gateway.api;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** REST errors as {@code {"error":{"code","message"}}} with the status that fits the code. */
@Provider
public class ApiError implements ExceptionMapper<ProtocolException> {

    @Override
    public Response toResponse(ProtocolException e) {
        return of(e.code(), e.getMessage());
    }

    public static Response of(ErrorCode code, String message) {
        int status = switch (code) {
            case RATE_LIMITED -> 429;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN, NOT_HOST, FORBIDDEN_ORIGIN -> 403;
            case ROOM_NOT_FOUND -> 404;
            case ROOM_FULL -> 409;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("code", code.wire(), "message", message))).build();
    }
}
