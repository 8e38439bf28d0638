package dev.roomcast.gateway.api;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;

/** The gateway's own check of a host-only upload's {@code Authorization}, before its body goes on. */
final class HostBearer {
    private HostBearer() {}

    /** {@code unauthorized} unless it is {@code Bearer <something>}; room-service checks the token itself. */
    static void require(String auth) {
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the host token is required");
        }
    }
}
