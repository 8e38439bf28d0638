package dev.roomcast.gateway.session;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.RetryLaterException;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a socket's message with a code, under the node's abuse policy: an {@code error} naming
 * the refused message's type ({@code ref}), or for the host's audio a {@code broadcast:error}.
 */
@ApplicationScoped
public class Refusals {
    private final int closeAfter;

    public Refusals(GatewayConfig config) {
        this.closeAfter = config.abuseCloseAfter();
    }

    /** {@code error {code, message, ref}}; ref is the type of the refused message (null only if it could not be read). */
    public void refuse(Session s, ErrorCode code, String message, String ref) {
        s.refuse(new ServerMessage.Error(code, message, ref), code, closeAfter, System.nanoTime());
    }

    /**
     * A refusal raised by a record or a backing service, with {@code ref} if the exception has none
     * (and {@code retryAfter} when it holds for a while).
     */
    public void refuse(Session s, ProtocolException e, String ref) {
        Integer retryAfter = e instanceof RetryLaterException later ? later.retryAfter() : null;
        s.refuse(new ServerMessage.Error(e.code(), e.getMessage(), e.ref() != null ? e.ref() : ref, retryAfter), e.code(),
                closeAfter, System.nanoTime());
    }

    /** {@code broadcast:error {roomId, code, message}}: the host's audio frame or audio config was refused. */
    public void refuseAudio(Session s, String roomId, ErrorCode code, String message) {
        s.refuse(new ServerMessage.BroadcastError(roomId, code, message), code, closeAfter, System.nanoTime());
    }
}
