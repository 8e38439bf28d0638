package dev.roomcast.gateway.session;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.protocol.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

/** Refuses a socket's message with a code, under the node's abuse policy. */
@ApplicationScoped
public class Refusals {
    private final int closeAfter;

    public Refusals(GatewayConfig config) {
        this.closeAfter = config.abuseCloseAfter();
    }

    public void refuse(Session s, ErrorCode code, String message, String ref) {
        s.refuse(code, message, ref, closeAfter, System.nanoTime());
    }
}
