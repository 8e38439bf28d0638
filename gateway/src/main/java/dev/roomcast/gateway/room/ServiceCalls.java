package dev.roomcast.gateway.room;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How the gateway calls a backing service: a timeout, optionally one retry (idempotent reads
 * only), refusals (4xx) passed through with their status and body, and only real failures
 * (no answer, 5xx-less errors) turned into a 503 {@link ServiceReply#unavailable()}.
 */
public final class ServiceCalls {
    private static final Logger LOG = Logger.getLogger(ServiceCalls.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    private ServiceCalls() {}

    public static Uni<ServiceReply> call(Supplier<Uni<? extends Response>> request, boolean retry) {
        Uni<ServiceReply> once = Uni.createFrom().<Response>deferred(request)
                .map(ServiceCalls::reply)
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> reply(((WebApplicationException) e).getResponse()))
                .ifNoItem().after(TIMEOUT).fail();
        if (retry) {
            once = once.onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(1);
        }
        return once.onFailure().recoverWithItem(e -> {
            LOG.debugf("service call failed: %s", e.toString());
            return ServiceReply.unavailable();
        });
    }

    static ServiceReply reply(Response r) {
        try (r) {
            String body = "";
            if (r.hasEntity()) {
                try {
                    body = r.readEntity(String.class);
                } catch (RuntimeException e) {
                    body = "";
                }
            }
            return new ServiceReply(r.getStatus(), body);
        }
    }
}
