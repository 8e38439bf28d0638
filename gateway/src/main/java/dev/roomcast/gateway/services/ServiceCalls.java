package dev.roomcast.gateway.services;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How the gateway calls a backing service: a timeout, optionally one retry (idempotent calls
 * only, and never of a refusal), a refusal passed on as the {@link ProtocolException} the service
 * answered ({@link ServiceRefusals}), and every other failure (no answer, a broken connection) turned into
 * {@code unavailable}. The Uni fails with a ProtocolException only.
 */
final class ServiceCalls {
    private static final Logger LOG = Logger.getLogger(ServiceCalls.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    private ServiceCalls() {}

    static <T> Uni<T> call(Supplier<Uni<? extends T>> request, boolean retry) {
        Uni<T> once = Uni.createFrom().<T>deferred(request).ifNoItem().after(TIMEOUT).fail();
        if (retry) {
            once = once.onFailure(e -> !(e instanceof ProtocolException)).retry().withBackOff(Duration.ofMillis(100)).atMost(1);
        }
        return once.onFailure(e -> !(e instanceof ProtocolException)).transform(e -> {
            LOG.debugf("service call failed: %s", e.toString());
            return new ProtocolException(ErrorCode.UNAVAILABLE, "service unavailable, try again");
        });
    }
}
