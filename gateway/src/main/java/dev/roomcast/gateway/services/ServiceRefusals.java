package dev.roomcast.gateway.services;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * The one response-exception mapper of the gateway's REST clients: a backing service's refusal
 * (any 4xx or 5xx) becomes the {@link ProtocolException} its error body describes
 * ({@link ApiError}, {@code room_full} with its {@code maxUsers}); an answer without our body (a
 * proxy's, a crash page) becomes the code of its status ({@link ErrorCode#ofStatus}).
 */
public class ServiceRefusals implements ResponseExceptionMapper<ProtocolException> {

    @Override
    public ProtocolException toThrowable(Response r) {
        ApiError body = null;
        if (r.hasEntity() && MediaType.APPLICATION_JSON_TYPE.isCompatible(r.getMediaType())) {
            try {
                body = r.readEntity(ApiError.class);
            } catch (RuntimeException e) {
                body = null;
            }
        }
        if (body != null && body.error() != null && body.error().code() != null) {
            return body.exception();
        }
        return new ProtocolException(ErrorCode.ofStatus(r.getStatus()), "the service answered " + r.getStatus());
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
